// The shop's GraphQL schema as SDL: the contract of the web front end.
// `schema.graphql` at the repository root is this schema as printed by the
// engine; gateway_schema_test fails when the two drift apart.
#include "gateway/core/shop_schema.h"

namespace parfumerie::gateway {

const char* ShopSdl() {
  return R"graphql(
"""
Date et heure UTC au format RFC 3339, par exemple "2026-11-29T10:15:30.250Z".
"""
scalar DateTime @specifiedBy(url: "https://www.rfc-editor.org/rfc/rfc3339")

"Famille olfactive."
enum Famille { FLORAL ORIENTAL BOISE FOUGERE CHYPRE HESPERIDE GOURMAND AROMATIQUE CUIR AQUATIQUE }

enum Genre { FEMININ MASCULIN MIXTE }

"La pyramide olfactive."
type Notes {
  tete: [String!]!
  coeur: [String!]!
  fond: [String!]!
}

"Un parfum du catalogue."
type Parfum {
  id: ID!
  nom: String!
  description: String!
  "Prix en euros (le système compte en centimes : voir prixCentimes)."
  prix: Float!
  prixCentimes: Int!
  "URL de l'image du flacon."
  image: String!
  "Unités disponibles à la vente."
  stock: Int!
  enStock: Boolean!
  marque: String!
  famille: Famille!
  genre: Genre!
  notes: Notes!
  contenanceMl: Int!
  "Incrémentée à chaque modification : à renvoyer comme versionAttendue."
  version: Int!
  creeLe: DateTime!
  modifieLe: DateTime!
}

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

type ParfumEdge {
  cursor: String!
  node: Parfum!
}

type ParfumConnection {
  edges: [ParfumEdge!]!
  pageInfo: PageInfo!
  totalCount: Int!
}

input FiltreParfums {
  "Recherche dans le nom, la marque et la description, sans accents ni casse."
  recherche: String
  marques: [String!]
  famille: Famille
  genre: Genre
  prixMin: Float
  prixMax: Float
  "Seulement les parfums en stock."
  enStock: Boolean
}

enum TriParfums { NOM PRIX DATE_CREATION STOCK }

enum Ordre { ASC DESC }

enum StatutCommande { EN_ATTENTE PAYEE EXPEDIEE LIVREE ANNULEE }

type Adresse {
  nomComplet: String!
  ligne1: String!
  ligne2: String
  codePostal: String!
  ville: String!
  "Code pays ISO 3166-1 alpha-2, par exemple FR."
  pays: String!
  telephone: String
}

type LigneCommande {
  parfumId: ID!
  "Le parfum aujourd'hui (null s'il a été retiré du catalogue)."
  parfum: Parfum
  "Nom et prix au moment de la commande."
  nom: String!
  quantite: Int!
  prixUnitaire: Float!
  prixUnitaireCentimes: Int!
  total: Float!
  totalCentimes: Int!
}

type ChangementStatut {
  statut: StatutCommande!
  date: DateTime!
  raison: String
}

"Une commande. parfumId et quantite sont ceux de la première ligne et la quantité totale."
type Commande {
  id: ID!
  parfumId: ID!
  parfum: Parfum
  quantite: Int!
  statut: StatutCommande!
  dateCommande: DateTime!
  lignes: [LigneCommande!]!
  total: Float!
  totalCentimes: Int!
  clientId: ID!
  adresseLivraison: Adresse!
  historique: [ChangementStatut!]!
  raisonAnnulation: String
  "Sans paiement à cette date, la commande est annulée."
  dateLimitePaiement: DateTime
  remboursementDemande: Boolean!
  rembourse: Boolean!
  incidentLivraison: String
  paiement: Paiement
  livraison: Livraison
  version: Int!
}

type CommandeEdge {
  cursor: String!
  node: Commande!
}

type CommandeConnection {
  edges: [CommandeEdge!]!
  pageInfo: PageInfo!
  totalCount: Int!
}

enum StatutPaiement { ACCEPTE REFUSE REMBOURSE }

type Paiement {
  id: ID!
  commandeId: ID!
  commande: Commande
  montant: Float!
  montantCentimes: Int!
  statut: StatutPaiement!
  marqueCarte: String!
  derniersChiffres: String!
  "Pour un paiement refusé, par exemple card_declined."
  codeRefus: String
  messageRefus: String
  creeLe: DateTime!
  rembourseLe: DateTime
}

type PaiementEdge {
  cursor: String!
  node: Paiement!
}

type PaiementConnection {
  edges: [PaiementEdge!]!
  pageInfo: PageInfo!
  totalCount: Int!
}

enum StatutLivraison { EN_PREPARATION EXPEDIEE EN_TRANSIT LIVREE ECHEC }

type EvenementSuivi {
  statut: StatutLivraison!
  date: DateTime!
  lieu: String
  commentaire: String
}

type Livraison {
  id: ID!
  commandeId: ID!
  commande: Commande
  statut: StatutLivraison!
  transporteur: String!
  numeroSuivi: String!
  adresse: Adresse!
  suivi: [EvenementSuivi!]!
  creeLe: DateTime!
  majLe: DateTime!
  version: Int!
}

type LivraisonEdge {
  cursor: String!
  node: Livraison!
}

type LivraisonConnection {
  edges: [LivraisonEdge!]!
  pageInfo: PageInfo!
  totalCount: Int!
}

enum Role { CLIENT ADMIN }

type Compte {
  id: ID!
  email: String!
  nom: String!
  role: Role!
  creeLe: DateTime!
}

type Session {
  "Jeton à envoyer dans l'en-tête Authorization: Bearer <token>."
  token: String!
  expireLe: DateTime!
  compte: Compte!
}

type CarteTokenisee {
  "Jeton de paiement (pm_...) à donner à passerCommande."
  token: String!
  marque: String!
  derniersChiffres: String!
}

type Query {
  "Le catalogue, filtré et trié, par pages (first au plus 100)."
  parfums(first: Int = 20, after: String, filtre: FiltreParfums, tri: TriParfums = NOM, ordre: Ordre = ASC): ParfumConnection!
  parfum(id: ID!): Parfum
  "Une commande du client connecté (toutes pour un ADMIN)."
  commande(id: ID!): Commande
  "Les commandes du client connecté, les plus récentes d'abord."
  mesCommandes(first: Int = 20, after: String, statut: StatutCommande): CommandeConnection!
  "ADMIN : toutes les commandes, ou celles d'un client."
  commandes(first: Int = 20, after: String, statut: StatutCommande, clientId: ID): CommandeConnection!
  "ADMIN."
  paiements(first: Int = 20, after: String, statut: StatutPaiement): PaiementConnection!
  "ADMIN."
  livraisons(first: Int = 20, after: String, statut: StatutLivraison): LivraisonConnection!
  "ADMIN."
  livraison(id: ID!): Livraison
  "Le compte connecté (null sans jeton)."
  moi: Compte
}

input InscriptionInput {
  email: String!
  "8 à 128 caractères."
  motDePasse: String!
  nom: String!
}

input ConnexionInput {
  email: String!
  motDePasse: String!
}

"Carte de test : 4242 4242 4242 4242 est acceptée, 4000 0000 0000 0002 refusée."
input CarteInput {
  numero: String!
  moisExpiration: Int!
  anneeExpiration: Int!
  cvc: String!
  titulaire: String
}

input AdresseInput {
  nomComplet: String!
  ligne1: String!
  ligne2: String
  codePostal: String!
  ville: String!
  pays: String!
  telephone: String
}

input LigneCommandeInput {
  parfumId: ID!
  quantite: Int!
}

input PasserCommandeInput {
  "La même clé renvoie la même commande : un double clic ne commande pas deux fois."
  cleIdempotence: String!
  lignes: [LigneCommandeInput!]!
  adresseLivraison: AdresseInput!
  "Le jeton de tokeniserCarte."
  tokenPaiement: String!
}

input NotesInput {
  tete: [String!]!
  coeur: [String!]!
  fond: [String!]!
}

input CreerParfumInput {
  nom: String!
  description: String!
  marque: String!
  famille: Famille!
  genre: Genre!
  notes: NotesInput
  contenanceMl: Int!
  prix: Float!
  "Sans image, le flacon est dessiné."
  image: String
  stock: Int!
}

"Seuls les champs donnés changent ; le stock change par ajusterStock."
input ModifierParfumInput {
  nom: String
  description: String
  marque: String
  famille: Famille
  genre: Genre
  notes: NotesInput
  contenanceMl: Int
  prix: Float
  image: String
}

type Mutation {
  inscription(input: InscriptionInput!): Session!
  connexion(input: ConnexionInput!): Session!
  "Le numéro de carte ne quitte jamais le service de paiement."
  tokeniserCarte(input: CarteInput!): CarteTokenisee!
  passerCommande(input: PasserCommandeInput!): Commande!
  "Avant l'expédition seulement ; rembourse si payée."
  annulerCommande(id: ID!, raison: String): Commande!
  "ADMIN."
  creerParfum(input: CreerParfumInput!): Parfum!
  "ADMIN. Avec versionAttendue, échoue (CONFLICT) si le parfum a changé entre-temps."
  modifierParfum(id: ID!, input: ModifierParfumInput!, versionAttendue: Int): Parfum!
  "ADMIN. Renvoie l'id supprimé."
  supprimerParfum(id: ID!, versionAttendue: Int): ID!
  "ADMIN. delta positif (réassort) ou négatif (casse, inventaire)."
  ajusterStock(id: ID!, delta: Int!, raison: String!, versionAttendue: Int): Parfum!
  "ADMIN. Étape suivante : EN_PREPARATION, EXPEDIEE, EN_TRANSIT, LIVREE."
  avancerLivraison(id: ID!, versionAttendue: Int, lieu: String, commentaire: String): Livraison!
  "ADMIN."
  echouerLivraison(id: ID!, raison: String!, versionAttendue: Int): Livraison!
}

type Subscription {
  "Chaque changement de la commande (statut, paiement, livraison), en commençant par son état actuel."
  commandeMiseAJour(id: ID!): Commande!
  "ADMIN : chaque nouvelle commande."
  nouvellesCommandes: Commande!
}
)graphql";
}

}  // namespace parfumerie::gateway
