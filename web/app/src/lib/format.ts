import type { Famille, Genre, StatutCommande, StatutLivraison, StatutPaiement } from '../graphql/generated';

const euros = new Intl.NumberFormat('fr-FR', { style: 'currency', currency: 'EUR' });
const dateHeure = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'medium', timeStyle: 'short' });
const dateCourte = new Intl.DateTimeFormat('fr-FR', { day: '2-digit', month: '2-digit' });

export const formatPrix = (valeur: number): string => euros.format(valeur);
export const formatDate = (iso: string): string => dateHeure.format(new Date(iso));
export const formatJour = (iso: string): string => dateCourte.format(new Date(iso));

export const FAMILLES: Record<Famille, string> = {
  FLORAL: 'Floral',
  ORIENTAL: 'Oriental',
  BOISE: 'Boisé',
  FOUGERE: 'Fougère',
  CHYPRE: 'Chypré',
  HESPERIDE: 'Hespéridé',
  GOURMAND: 'Gourmand',
  AROMATIQUE: 'Aromatique',
  CUIR: 'Cuir',
  AQUATIQUE: 'Aquatique',
};

export const GENRES: Record<Genre, string> = { FEMININ: 'Féminin', MASCULIN: 'Masculin', MIXTE: 'Mixte' };

export const STATUTS_COMMANDE: Record<StatutCommande, string> = {
  EN_ATTENTE: 'En attente de paiement',
  PAYEE: 'Payée',
  EXPEDIEE: 'Expédiée',
  LIVREE: 'Livrée',
  ANNULEE: 'Annulée',
};

export const STATUTS_PAIEMENT: Record<StatutPaiement, string> = {
  ACCEPTE: 'Accepté',
  REFUSE: 'Refusé',
  REMBOURSE: 'Remboursé',
};

export const STATUTS_LIVRAISON: Record<StatutLivraison, string> = {
  EN_PREPARATION: 'En préparation',
  EXPEDIEE: 'Expédiée',
  EN_TRANSIT: 'En transit',
  LIVREE: 'Livrée',
  ECHEC: 'Échec',
};

/** A customer may cancel before the parcel leaves. */
export const annulable = (statut: StatutCommande): boolean => statut === 'EN_ATTENTE' || statut === 'PAYEE';
