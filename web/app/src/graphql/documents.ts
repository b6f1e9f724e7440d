import { gql } from 'urql';

// Every operation the app sends. Types: ./generated.ts (npm run codegen).

export const ParfumCarteFields = gql`
  fragment ParfumCarteFields on Parfum {
    id
    nom
    marque
    prix
    image
    stock
    enStock
    famille
    genre
    contenanceMl
  }
`;

export const ParfumsDocument = gql`
  query Parfums($first: Int, $after: String, $filtre: FiltreParfums, $tri: TriParfums, $ordre: Ordre) {
    parfums(first: $first, after: $after, filtre: $filtre, tri: $tri, ordre: $ordre) {
      totalCount
      edges {
        cursor
        node {
          ...ParfumCarteFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${ParfumCarteFields}
`;

export const MarquesDocument = gql`
  query Marques {
    parfums(first: 100, tri: NOM) {
      edges {
        node {
          id
          marque
        }
      }
    }
  }
`;

export const ParfumDetailFields = gql`
  fragment ParfumDetailFields on Parfum {
    id
    nom
    description
    marque
    prix
    image
    stock
    enStock
    famille
    genre
    contenanceMl
    version
    notes {
      tete
      coeur
      fond
    }
  }
`;

export const ParfumDocument = gql`
  query Parfum($id: ID!) {
    parfum(id: $id) {
      ...ParfumDetailFields
    }
  }
  ${ParfumDetailFields}
`;

export const SessionFields = gql`
  fragment SessionFields on Session {
    token
    expireLe
    compte {
      id
      email
      nom
      role
    }
  }
`;

export const ConnexionDocument = gql`
  mutation Connexion($input: ConnexionInput!) {
    connexion(input: $input) {
      ...SessionFields
    }
  }
  ${SessionFields}
`;

export const InscriptionDocument = gql`
  mutation Inscription($input: InscriptionInput!) {
    inscription(input: $input) {
      ...SessionFields
    }
  }
  ${SessionFields}
`;

export const TokeniserCarteDocument = gql`
  mutation TokeniserCarte($input: CarteInput!) {
    tokeniserCarte(input: $input) {
      token
      marque
      derniersChiffres
    }
  }
`;

export const CommandeFields = gql`
  fragment CommandeFields on Commande {
    id
    statut
    dateCommande
    total
    quantite
    clientId
    raisonAnnulation
    dateLimitePaiement
    remboursementDemande
    rembourse
    incidentLivraison
    version
    lignes {
      parfumId
      nom
      quantite
      prixUnitaire
      total
      parfum {
        id
        image
      }
    }
    adresseLivraison {
      nomComplet
      ligne1
      ligne2
      codePostal
      ville
      pays
      telephone
    }
    historique {
      statut
      date
      raison
    }
    paiement {
      id
      statut
      montant
      marqueCarte
      derniersChiffres
      codeRefus
      messageRefus
    }
    livraison {
      id
      statut
      transporteur
      numeroSuivi
      version
      suivi {
        statut
        date
        lieu
        commentaire
      }
    }
  }
`;

export const PasserCommandeDocument = gql`
  mutation PasserCommande($input: PasserCommandeInput!) {
    passerCommande(input: $input) {
      ...CommandeFields
    }
  }
  ${CommandeFields}
`;

export const CommandeDocument = gql`
  query Commande($id: ID!) {
    commande(id: $id) {
      ...CommandeFields
    }
  }
  ${CommandeFields}
`;

export const CommandeMiseAJourDocument = gql`
  subscription CommandeMiseAJour($id: ID!) {
    commandeMiseAJour(id: $id) {
      ...CommandeFields
    }
  }
  ${CommandeFields}
`;

export const AnnulerCommandeDocument = gql`
  mutation AnnulerCommande($id: ID!, $raison: String) {
    annulerCommande(id: $id, raison: $raison) {
      ...CommandeFields
    }
  }
  ${CommandeFields}
`;

export const CommandeResumeFields = gql`
  fragment CommandeResumeFields on Commande {
    id
    statut
    dateCommande
    total
    quantite
    clientId
    raisonAnnulation
    lignes {
      nom
      quantite
    }
  }
`;

export const MesCommandesDocument = gql`
  query MesCommandes($first: Int, $after: String, $statut: StatutCommande) {
    mesCommandes(first: $first, after: $after, statut: $statut) {
      totalCount
      edges {
        node {
          ...CommandeResumeFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${CommandeResumeFields}
`;

// ---- Back office (ADMIN) ----

export const AdminParfumsDocument = gql`
  query AdminParfums($first: Int, $after: String, $filtre: FiltreParfums) {
    parfums(first: $first, after: $after, filtre: $filtre, tri: NOM) {
      totalCount
      edges {
        node {
          ...ParfumDetailFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${ParfumDetailFields}
`;

export const CreerParfumDocument = gql`
  mutation CreerParfum($input: CreerParfumInput!) {
    creerParfum(input: $input) {
      ...ParfumDetailFields
    }
  }
  ${ParfumDetailFields}
`;

export const ModifierParfumDocument = gql`
  mutation ModifierParfum($id: ID!, $input: ModifierParfumInput!, $versionAttendue: Int) {
    modifierParfum(id: $id, input: $input, versionAttendue: $versionAttendue) {
      ...ParfumDetailFields
    }
  }
  ${ParfumDetailFields}
`;

export const SupprimerParfumDocument = gql`
  mutation SupprimerParfum($id: ID!, $versionAttendue: Int) {
    supprimerParfum(id: $id, versionAttendue: $versionAttendue)
  }
`;

export const AjusterStockDocument = gql`
  mutation AjusterStock($id: ID!, $delta: Int!, $raison: String!, $versionAttendue: Int) {
    ajusterStock(id: $id, delta: $delta, raison: $raison, versionAttendue: $versionAttendue) {
      ...ParfumDetailFields
    }
  }
  ${ParfumDetailFields}
`;

export const AdminCommandesDocument = gql`
  query AdminCommandes($first: Int, $after: String, $statut: StatutCommande) {
    commandes(first: $first, after: $after, statut: $statut) {
      totalCount
      edges {
        node {
          ...CommandeResumeFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${CommandeResumeFields}
`;

export const AdminPaiementsDocument = gql`
  query AdminPaiements($first: Int, $after: String, $statut: StatutPaiement) {
    paiements(first: $first, after: $after, statut: $statut) {
      totalCount
      edges {
        node {
          id
          commandeId
          montant
          statut
          marqueCarte
          derniersChiffres
          codeRefus
          messageRefus
          creeLe
          rembourseLe
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const LivraisonFields = gql`
  fragment LivraisonFields on Livraison {
    id
    commandeId
    statut
    transporteur
    numeroSuivi
    version
    creeLe
    majLe
    adresse {
      nomComplet
      ville
      codePostal
    }
  }
`;

export const AdminLivraisonsDocument = gql`
  query AdminLivraisons($first: Int, $after: String, $statut: StatutLivraison) {
    livraisons(first: $first, after: $after, statut: $statut) {
      totalCount
      edges {
        node {
          ...LivraisonFields
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
  ${LivraisonFields}
`;

export const AvancerLivraisonDocument = gql`
  mutation AvancerLivraison($id: ID!, $versionAttendue: Int) {
    avancerLivraison(id: $id, versionAttendue: $versionAttendue) {
      ...LivraisonFields
    }
  }
  ${LivraisonFields}
`;

export const EchouerLivraisonDocument = gql`
  mutation EchouerLivraison($id: ID!, $raison: String!, $versionAttendue: Int) {
    echouerLivraison(id: $id, raison: $raison, versionAttendue: $versionAttendue) {
      ...LivraisonFields
    }
  }
  ${LivraisonFields}
`;

export const TableauDeBordDocument = gql`
  query TableauDeBord {
    commandes(first: 100) {
      totalCount
      edges {
        node {
          id
          statut
          dateCommande
          total
        }
      }
    }
    parfums(first: 100, tri: STOCK, ordre: ASC) {
      totalCount
      edges {
        node {
          id
          nom
          marque
          stock
        }
      }
    }
  }
`;

export const NouvellesCommandesDocument = gql`
  subscription NouvellesCommandes {
    nouvellesCommandes {
      id
      statut
      total
      dateCommande
    }
  }
`;
