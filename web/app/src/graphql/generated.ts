export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** Date et heure UTC au format RFC 3339, par exemple "2026-11-29T10:15:30.250Z". */
  DateTime: { input: string; output: string; }
};

export type Adresse = {
  codePostal: Scalars['String']['output'];
  ligne1: Scalars['String']['output'];
  ligne2?: Maybe<Scalars['String']['output']>;
  nomComplet: Scalars['String']['output'];
  /** Code pays ISO 3166-1 alpha-2, par exemple FR. */
  pays: Scalars['String']['output'];
  telephone?: Maybe<Scalars['String']['output']>;
  ville: Scalars['String']['output'];
};

export type AdresseInput = {
  codePostal: Scalars['String']['input'];
  ligne1: Scalars['String']['input'];
  ligne2?: InputMaybe<Scalars['String']['input']>;
  nomComplet: Scalars['String']['input'];
  pays: Scalars['String']['input'];
  telephone?: InputMaybe<Scalars['String']['input']>;
  ville: Scalars['String']['input'];
};

/** Carte de test : 4242 4242 4242 4242 est acceptée, 4000 0000 0000 0002 refusée. */
export type CarteInput = {
  anneeExpiration: Scalars['Int']['input'];
  cvc: Scalars['String']['input'];
  moisExpiration: Scalars['Int']['input'];
  numero: Scalars['String']['input'];
  titulaire?: InputMaybe<Scalars['String']['input']>;
};

export type CarteTokenisee = {
  derniersChiffres: Scalars['String']['output'];
  marque: Scalars['String']['output'];
  /** Jeton de paiement (pm_...) à donner à passerCommande. */
  token: Scalars['String']['output'];
};

export type ChangementStatut = {
  date: Scalars['DateTime']['output'];
  raison?: Maybe<Scalars['String']['output']>;
  statut: StatutCommande;
};

/** Une commande. parfumId et quantite sont ceux de la première ligne et la quantité totale. */
export type Commande = {
  adresseLivraison: Adresse;
  clientId: Scalars['ID']['output'];
  dateCommande: Scalars['DateTime']['output'];
  /** Sans paiement à cette date, la commande est annulée. */
  dateLimitePaiement?: Maybe<Scalars['DateTime']['output']>;
  historique: Array<ChangementStatut>;
  id: Scalars['ID']['output'];
  incidentLivraison?: Maybe<Scalars['String']['output']>;
  lignes: Array<LigneCommande>;
  livraison?: Maybe<Livraison>;
  paiement?: Maybe<Paiement>;
  parfum?: Maybe<Parfum>;
  parfumId: Scalars['ID']['output'];
  quantite: Scalars['Int']['output'];
  raisonAnnulation?: Maybe<Scalars['String']['output']>;
  rembourse: Scalars['Boolean']['output'];
  remboursementDemande: Scalars['Boolean']['output'];
  statut: StatutCommande;
  total: Scalars['Float']['output'];
  totalCentimes: Scalars['Int']['output'];
  version: Scalars['Int']['output'];
};

export type CommandeConnection = {
  edges: Array<CommandeEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type CommandeEdge = {
  cursor: Scalars['String']['output'];
  node: Commande;
};

export type Compte = {
  creeLe: Scalars['DateTime']['output'];
  email: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  nom: Scalars['String']['output'];
  role: Role;
};

export type ConnexionInput = {
  email: Scalars['String']['input'];
  motDePasse: Scalars['String']['input'];
};

export type CreerParfumInput = {
  contenanceMl: Scalars['Int']['input'];
  description: Scalars['String']['input'];
  famille: Famille;
  genre: Genre;
  /** Sans image, le flacon est dessiné. */
  image?: InputMaybe<Scalars['String']['input']>;
  marque: Scalars['String']['input'];
  nom: Scalars['String']['input'];
  notes?: InputMaybe<NotesInput>;
  prix: Scalars['Float']['input'];
  stock: Scalars['Int']['input'];
};

export type EvenementSuivi = {
  commentaire?: Maybe<Scalars['String']['output']>;
  date: Scalars['DateTime']['output'];
  lieu?: Maybe<Scalars['String']['output']>;
  statut: StatutLivraison;
};

/** Famille olfactive. */
export type Famille =
  | 'AQUATIQUE'
  | 'AROMATIQUE'
  | 'BOISE'
  | 'CHYPRE'
  | 'CUIR'
  | 'FLORAL'
  | 'FOUGERE'
  | 'GOURMAND'
  | 'HESPERIDE'
  | 'ORIENTAL';

export type FiltreParfums = {
  /** Seulement les parfums en stock. */
  enStock?: InputMaybe<Scalars['Boolean']['input']>;
  famille?: InputMaybe<Famille>;
  genre?: InputMaybe<Genre>;
  marques?: InputMaybe<Array<Scalars['String']['input']>>;
  prixMax?: InputMaybe<Scalars['Float']['input']>;
  prixMin?: InputMaybe<Scalars['Float']['input']>;
  /** Recherche dans le nom, la marque et la description, sans accents ni casse. */
  recherche?: InputMaybe<Scalars['String']['input']>;
};

export type Genre =
  | 'FEMININ'
  | 'MASCULIN'
  | 'MIXTE';

export type InscriptionInput = {
  email: Scalars['String']['input'];
  /** 8 à 128 caractères. */
  motDePasse: Scalars['String']['input'];
  nom: Scalars['String']['input'];
};

export type LigneCommande = {
  /** Nom et prix au moment de la commande. */
  nom: Scalars['String']['output'];
  /** Le parfum aujourd'hui (null s'il a été retiré du catalogue). */
  parfum?: Maybe<Parfum>;
  parfumId: Scalars['ID']['output'];
  prixUnitaire: Scalars['Float']['output'];
  prixUnitaireCentimes: Scalars['Int']['output'];
  quantite: Scalars['Int']['output'];
  total: Scalars['Float']['output'];
  totalCentimes: Scalars['Int']['output'];
};

export type LigneCommandeInput = {
  parfumId: Scalars['ID']['input'];
  quantite: Scalars['Int']['input'];
};

export type Livraison = {
  adresse: Adresse;
  commande?: Maybe<Commande>;
  commandeId: Scalars['ID']['output'];
  creeLe: Scalars['DateTime']['output'];
  id: Scalars['ID']['output'];
  majLe: Scalars['DateTime']['output'];
  numeroSuivi: Scalars['String']['output'];
  statut: StatutLivraison;
  suivi: Array<EvenementSuivi>;
  transporteur: Scalars['String']['output'];
  version: Scalars['Int']['output'];
};

export type LivraisonConnection = {
  edges: Array<LivraisonEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type LivraisonEdge = {
  cursor: Scalars['String']['output'];
  node: Livraison;
};

/** Seuls les champs donnés changent ; le stock change par ajusterStock. */
export type ModifierParfumInput = {
  contenanceMl?: InputMaybe<Scalars['Int']['input']>;
  description?: InputMaybe<Scalars['String']['input']>;
  famille?: InputMaybe<Famille>;
  genre?: InputMaybe<Genre>;
  image?: InputMaybe<Scalars['String']['input']>;
  marque?: InputMaybe<Scalars['String']['input']>;
  nom?: InputMaybe<Scalars['String']['input']>;
  notes?: InputMaybe<NotesInput>;
  prix?: InputMaybe<Scalars['Float']['input']>;
};

export type Mutation = {
  /** ADMIN. delta positif (réassort) ou négatif (casse, inventaire). */
  ajusterStock: Parfum;
  /** Avant l'expédition seulement ; rembourse si payée. */
  annulerCommande: Commande;
  /** ADMIN. Étape suivante : EN_PREPARATION, EXPEDIEE, EN_TRANSIT, LIVREE. */
  avancerLivraison: Livraison;
  connexion: Session;
  /** ADMIN. */
  creerParfum: Parfum;
  /** ADMIN. */
  echouerLivraison: Livraison;
  inscription: Session;
  /** ADMIN. Avec versionAttendue, échoue (CONFLICT) si le parfum a changé entre-temps. */
  modifierParfum: Parfum;
  passerCommande: Commande;
  /** ADMIN. Renvoie l'id supprimé. */
  supprimerParfum: Scalars['ID']['output'];
  /** Le numéro de carte ne quitte jamais le service de paiement. */
  tokeniserCarte: CarteTokenisee;
};


export type MutationAjusterStockArgs = {
  delta: Scalars['Int']['input'];
  id: Scalars['ID']['input'];
  raison: Scalars['String']['input'];
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationAnnulerCommandeArgs = {
  id: Scalars['ID']['input'];
  raison?: InputMaybe<Scalars['String']['input']>;
};


export type MutationAvancerLivraisonArgs = {
  commentaire?: InputMaybe<Scalars['String']['input']>;
  id: Scalars['ID']['input'];
  lieu?: InputMaybe<Scalars['String']['input']>;
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationConnexionArgs = {
  input: ConnexionInput;
};


export type MutationCreerParfumArgs = {
  input: CreerParfumInput;
};


export type MutationEchouerLivraisonArgs = {
  id: Scalars['ID']['input'];
  raison: Scalars['String']['input'];
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationInscriptionArgs = {
  input: InscriptionInput;
};


export type MutationModifierParfumArgs = {
  id: Scalars['ID']['input'];
  input: ModifierParfumInput;
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationPasserCommandeArgs = {
  input: PasserCommandeInput;
};


export type MutationSupprimerParfumArgs = {
  id: Scalars['ID']['input'];
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
};


export type MutationTokeniserCarteArgs = {
  input: CarteInput;
};

/** La pyramide olfactive. */
export type Notes = {
  coeur: Array<Scalars['String']['output']>;
  fond: Array<Scalars['String']['output']>;
  tete: Array<Scalars['String']['output']>;
};

export type NotesInput = {
  coeur: Array<Scalars['String']['input']>;
  fond: Array<Scalars['String']['input']>;
  tete: Array<Scalars['String']['input']>;
};

export type Ordre =
  | 'ASC'
  | 'DESC';

export type PageInfo = {
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
  hasPreviousPage: Scalars['Boolean']['output'];
  startCursor?: Maybe<Scalars['String']['output']>;
};

export type Paiement = {
  /** Pour un paiement refusé, par exemple card_declined. */
  codeRefus?: Maybe<Scalars['String']['output']>;
  commande?: Maybe<Commande>;
  commandeId: Scalars['ID']['output'];
  creeLe: Scalars['DateTime']['output'];
  derniersChiffres: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  marqueCarte: Scalars['String']['output'];
  messageRefus?: Maybe<Scalars['String']['output']>;
  montant: Scalars['Float']['output'];
  montantCentimes: Scalars['Int']['output'];
  rembourseLe?: Maybe<Scalars['DateTime']['output']>;
  statut: StatutPaiement;
};

export type PaiementConnection = {
  edges: Array<PaiementEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type PaiementEdge = {
  cursor: Scalars['String']['output'];
  node: Paiement;
};

/** Un parfum du catalogue. */
export type Parfum = {
  contenanceMl: Scalars['Int']['output'];
  creeLe: Scalars['DateTime']['output'];
  description: Scalars['String']['output'];
  enStock: Scalars['Boolean']['output'];
  famille: Famille;
  genre: Genre;
  id: Scalars['ID']['output'];
  /** URL de l'image du flacon. */
  image: Scalars['String']['output'];
  marque: Scalars['String']['output'];
  modifieLe: Scalars['DateTime']['output'];
  nom: Scalars['String']['output'];
  notes: Notes;
  /** Prix en euros (le système compte en centimes : voir prixCentimes). */
  prix: Scalars['Float']['output'];
  prixCentimes: Scalars['Int']['output'];
  /** Unités disponibles à la vente. */
  stock: Scalars['Int']['output'];
  /** Incrémentée à chaque modification : à renvoyer comme versionAttendue. */
  version: Scalars['Int']['output'];
};

export type ParfumConnection = {
  edges: Array<ParfumEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ParfumEdge = {
  cursor: Scalars['String']['output'];
  node: Parfum;
};

export type PasserCommandeInput = {
  adresseLivraison: AdresseInput;
  /** La même clé renvoie la même commande : un double clic ne commande pas deux fois. */
  cleIdempotence: Scalars['String']['input'];
  lignes: Array<LigneCommandeInput>;
  /** Le jeton de tokeniserCarte. */
  tokenPaiement: Scalars['String']['input'];
};

export type Query = {
  /** Une commande du client connecté (toutes pour un ADMIN). */
  commande?: Maybe<Commande>;
  /** ADMIN : toutes les commandes, ou celles d'un client. */
  commandes: CommandeConnection;
  /** ADMIN. */
  livraison?: Maybe<Livraison>;
  /** ADMIN. */
  livraisons: LivraisonConnection;
  /** Les commandes du client connecté, les plus récentes d'abord. */
  mesCommandes: CommandeConnection;
  /** Le compte connecté (null sans jeton). */
  moi?: Maybe<Compte>;
  /** ADMIN. */
  paiements: PaiementConnection;
  parfum?: Maybe<Parfum>;
  /** Le catalogue, filtré et trié, par pages (first au plus 100). */
  parfums: ParfumConnection;
};


export type QueryCommandeArgs = {
  id: Scalars['ID']['input'];
};


export type QueryCommandesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  clientId?: InputMaybe<Scalars['ID']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  statut?: InputMaybe<StatutCommande>;
};


export type QueryLivraisonArgs = {
  id: Scalars['ID']['input'];
};


export type QueryLivraisonsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  statut?: InputMaybe<StatutLivraison>;
};


export type QueryMesCommandesArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  statut?: InputMaybe<StatutCommande>;
};


export type QueryPaiementsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  first?: InputMaybe<Scalars['Int']['input']>;
  statut?: InputMaybe<StatutPaiement>;
};


export type QueryParfumArgs = {
  id: Scalars['ID']['input'];
};


export type QueryParfumsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filtre?: InputMaybe<FiltreParfums>;
  first?: InputMaybe<Scalars['Int']['input']>;
  ordre?: InputMaybe<Ordre>;
  tri?: InputMaybe<TriParfums>;
};

export type Role =
  | 'ADMIN'
  | 'CLIENT';

export type Session = {
  compte: Compte;
  expireLe: Scalars['DateTime']['output'];
  /** Jeton à envoyer dans l'en-tête Authorization: Bearer <token>. */
  token: Scalars['String']['output'];
};

export type StatutCommande =
  | 'ANNULEE'
  | 'EN_ATTENTE'
  | 'EXPEDIEE'
  | 'LIVREE'
  | 'PAYEE';

export type StatutLivraison =
  | 'ECHEC'
  | 'EN_PREPARATION'
  | 'EN_TRANSIT'
  | 'EXPEDIEE'
  | 'LIVREE';

export type StatutPaiement =
  | 'ACCEPTE'
  | 'REFUSE'
  | 'REMBOURSE';

export type Subscription = {
  /** Chaque changement de la commande (statut, paiement, livraison), en commençant par son état actuel. */
  commandeMiseAJour: Commande;
  /** ADMIN : chaque nouvelle commande. */
  nouvellesCommandes: Commande;
};


export type SubscriptionCommandeMiseAJourArgs = {
  id: Scalars['ID']['input'];
};

export type TriParfums =
  | 'DATE_CREATION'
  | 'NOM'
  | 'PRIX'
  | 'STOCK';

export type ParfumCarteFieldsFragment = { id: string, nom: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number };

export type ParfumsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  filtre?: InputMaybe<FiltreParfums>;
  tri?: InputMaybe<TriParfums>;
  ordre?: InputMaybe<Ordre>;
}>;


export type ParfumsQuery = { parfums: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, nom: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type MarquesQueryVariables = Exact<{ [key: string]: never; }>;


export type MarquesQuery = { parfums: { edges: Array<{ node: { id: string, marque: string } }> } };

export type ParfumDetailFieldsFragment = { id: string, nom: string, description: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number, version: number, notes: { tete: Array<string>, coeur: Array<string>, fond: Array<string> } };

export type ParfumQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ParfumQuery = { parfum?: { id: string, nom: string, description: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number, version: number, notes: { tete: Array<string>, coeur: Array<string>, fond: Array<string> } } | null };

export type SessionFieldsFragment = { token: string, expireLe: string, compte: { id: string, email: string, nom: string, role: Role } };

export type ConnexionMutationVariables = Exact<{
  input: ConnexionInput;
}>;


export type ConnexionMutation = { connexion: { token: string, expireLe: string, compte: { id: string, email: string, nom: string, role: Role } } };

export type InscriptionMutationVariables = Exact<{
  input: InscriptionInput;
}>;


export type InscriptionMutation = { inscription: { token: string, expireLe: string, compte: { id: string, email: string, nom: string, role: Role } } };

export type TokeniserCarteMutationVariables = Exact<{
  input: CarteInput;
}>;


export type TokeniserCarteMutation = { tokeniserCarte: { token: string, marque: string, derniersChiffres: string } };

export type CommandeFieldsFragment = { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, dateLimitePaiement?: string | null, remboursementDemande: boolean, rembourse: boolean, incidentLivraison?: string | null, version: number, lignes: Array<{ parfumId: string, nom: string, quantite: number, prixUnitaire: number, total: number, parfum?: { id: string, image: string } | null }>, adresseLivraison: { nomComplet: string, ligne1: string, ligne2?: string | null, codePostal: string, ville: string, pays: string, telephone?: string | null }, historique: Array<{ statut: StatutCommande, date: string, raison?: string | null }>, paiement?: { id: string, statut: StatutPaiement, montant: number, marqueCarte: string, derniersChiffres: string, codeRefus?: string | null, messageRefus?: string | null } | null, livraison?: { id: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, suivi: Array<{ statut: StatutLivraison, date: string, lieu?: string | null, commentaire?: string | null }> } | null };

export type PasserCommandeMutationVariables = Exact<{
  input: PasserCommandeInput;
}>;


export type PasserCommandeMutation = { passerCommande: { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, dateLimitePaiement?: string | null, remboursementDemande: boolean, rembourse: boolean, incidentLivraison?: string | null, version: number, lignes: Array<{ parfumId: string, nom: string, quantite: number, prixUnitaire: number, total: number, parfum?: { id: string, image: string } | null }>, adresseLivraison: { nomComplet: string, ligne1: string, ligne2?: string | null, codePostal: string, ville: string, pays: string, telephone?: string | null }, historique: Array<{ statut: StatutCommande, date: string, raison?: string | null }>, paiement?: { id: string, statut: StatutPaiement, montant: number, marqueCarte: string, derniersChiffres: string, codeRefus?: string | null, messageRefus?: string | null } | null, livraison?: { id: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, suivi: Array<{ statut: StatutLivraison, date: string, lieu?: string | null, commentaire?: string | null }> } | null } };

export type CommandeQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CommandeQuery = { commande?: { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, dateLimitePaiement?: string | null, remboursementDemande: boolean, rembourse: boolean, incidentLivraison?: string | null, version: number, lignes: Array<{ parfumId: string, nom: string, quantite: number, prixUnitaire: number, total: number, parfum?: { id: string, image: string } | null }>, adresseLivraison: { nomComplet: string, ligne1: string, ligne2?: string | null, codePostal: string, ville: string, pays: string, telephone?: string | null }, historique: Array<{ statut: StatutCommande, date: string, raison?: string | null }>, paiement?: { id: string, statut: StatutPaiement, montant: number, marqueCarte: string, derniersChiffres: string, codeRefus?: string | null, messageRefus?: string | null } | null, livraison?: { id: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, suivi: Array<{ statut: StatutLivraison, date: string, lieu?: string | null, commentaire?: string | null }> } | null } | null };

export type CommandeMiseAJourSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CommandeMiseAJourSubscription = { commandeMiseAJour: { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, dateLimitePaiement?: string | null, remboursementDemande: boolean, rembourse: boolean, incidentLivraison?: string | null, version: number, lignes: Array<{ parfumId: string, nom: string, quantite: number, prixUnitaire: number, total: number, parfum?: { id: string, image: string } | null }>, adresseLivraison: { nomComplet: string, ligne1: string, ligne2?: string | null, codePostal: string, ville: string, pays: string, telephone?: string | null }, historique: Array<{ statut: StatutCommande, date: string, raison?: string | null }>, paiement?: { id: string, statut: StatutPaiement, montant: number, marqueCarte: string, derniersChiffres: string, codeRefus?: string | null, messageRefus?: string | null } | null, livraison?: { id: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, suivi: Array<{ statut: StatutLivraison, date: string, lieu?: string | null, commentaire?: string | null }> } | null } };

export type AnnulerCommandeMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  raison?: InputMaybe<Scalars['String']['input']>;
}>;


export type AnnulerCommandeMutation = { annulerCommande: { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, dateLimitePaiement?: string | null, remboursementDemande: boolean, rembourse: boolean, incidentLivraison?: string | null, version: number, lignes: Array<{ parfumId: string, nom: string, quantite: number, prixUnitaire: number, total: number, parfum?: { id: string, image: string } | null }>, adresseLivraison: { nomComplet: string, ligne1: string, ligne2?: string | null, codePostal: string, ville: string, pays: string, telephone?: string | null }, historique: Array<{ statut: StatutCommande, date: string, raison?: string | null }>, paiement?: { id: string, statut: StatutPaiement, montant: number, marqueCarte: string, derniersChiffres: string, codeRefus?: string | null, messageRefus?: string | null } | null, livraison?: { id: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, suivi: Array<{ statut: StatutLivraison, date: string, lieu?: string | null, commentaire?: string | null }> } | null } };

export type CommandeResumeFieldsFragment = { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, lignes: Array<{ nom: string, quantite: number }> };

export type MesCommandesQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  statut?: InputMaybe<StatutCommande>;
}>;


export type MesCommandesQuery = { mesCommandes: { totalCount: number, edges: Array<{ node: { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, lignes: Array<{ nom: string, quantite: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type AdminParfumsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  filtre?: InputMaybe<FiltreParfums>;
}>;


export type AdminParfumsQuery = { parfums: { totalCount: number, edges: Array<{ node: { id: string, nom: string, description: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number, version: number, notes: { tete: Array<string>, coeur: Array<string>, fond: Array<string> } } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type CreerParfumMutationVariables = Exact<{
  input: CreerParfumInput;
}>;


export type CreerParfumMutation = { creerParfum: { id: string, nom: string, description: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number, version: number, notes: { tete: Array<string>, coeur: Array<string>, fond: Array<string> } } };

export type ModifierParfumMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  input: ModifierParfumInput;
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
}>;


export type ModifierParfumMutation = { modifierParfum: { id: string, nom: string, description: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number, version: number, notes: { tete: Array<string>, coeur: Array<string>, fond: Array<string> } } };

export type SupprimerParfumMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
}>;


export type SupprimerParfumMutation = { supprimerParfum: string };

export type AjusterStockMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  delta: Scalars['Int']['input'];
  raison: Scalars['String']['input'];
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
}>;


export type AjusterStockMutation = { ajusterStock: { id: string, nom: string, description: string, marque: string, prix: number, image: string, stock: number, enStock: boolean, famille: Famille, genre: Genre, contenanceMl: number, version: number, notes: { tete: Array<string>, coeur: Array<string>, fond: Array<string> } } };

export type AdminCommandesQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  statut?: InputMaybe<StatutCommande>;
}>;


export type AdminCommandesQuery = { commandes: { totalCount: number, edges: Array<{ node: { id: string, statut: StatutCommande, dateCommande: string, total: number, quantite: number, clientId: string, raisonAnnulation?: string | null, lignes: Array<{ nom: string, quantite: number }> } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type AdminPaiementsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  statut?: InputMaybe<StatutPaiement>;
}>;


export type AdminPaiementsQuery = { paiements: { totalCount: number, edges: Array<{ node: { id: string, commandeId: string, montant: number, statut: StatutPaiement, marqueCarte: string, derniersChiffres: string, codeRefus?: string | null, messageRefus?: string | null, creeLe: string, rembourseLe?: string | null } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type LivraisonFieldsFragment = { id: string, commandeId: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, creeLe: string, majLe: string, adresse: { nomComplet: string, ville: string, codePostal: string } };

export type AdminLivraisonsQueryVariables = Exact<{
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
  statut?: InputMaybe<StatutLivraison>;
}>;


export type AdminLivraisonsQuery = { livraisons: { totalCount: number, edges: Array<{ node: { id: string, commandeId: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, creeLe: string, majLe: string, adresse: { nomComplet: string, ville: string, codePostal: string } } }>, pageInfo: { hasNextPage: boolean, endCursor?: string | null } } };

export type AvancerLivraisonMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
}>;


export type AvancerLivraisonMutation = { avancerLivraison: { id: string, commandeId: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, creeLe: string, majLe: string, adresse: { nomComplet: string, ville: string, codePostal: string } } };

export type EchouerLivraisonMutationVariables = Exact<{
  id: Scalars['ID']['input'];
  raison: Scalars['String']['input'];
  versionAttendue?: InputMaybe<Scalars['Int']['input']>;
}>;


export type EchouerLivraisonMutation = { echouerLivraison: { id: string, commandeId: string, statut: StatutLivraison, transporteur: string, numeroSuivi: string, version: number, creeLe: string, majLe: string, adresse: { nomComplet: string, ville: string, codePostal: string } } };

export type TableauDeBordQueryVariables = Exact<{ [key: string]: never; }>;


export type TableauDeBordQuery = { commandes: { totalCount: number, edges: Array<{ node: { id: string, statut: StatutCommande, dateCommande: string, total: number } }> }, parfums: { totalCount: number, edges: Array<{ node: { id: string, nom: string, marque: string, stock: number } }> } };

export type NouvellesCommandesSubscriptionVariables = Exact<{ [key: string]: never; }>;


export type NouvellesCommandesSubscription = { nouvellesCommandes: { id: string, statut: StatutCommande, total: number, dateCommande: string } };
