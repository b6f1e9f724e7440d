// gRPC messages (snake_case, int64 as strings, enums as names) as the
// schema's GraphQL objects, and the Relay connections of the lists.
import { GraphQLError } from 'graphql';

const MAX_FIRST = 100;

// FAMILLE_FLORAL -> FLORAL, STATUT_COMMANDE_PAYEE -> PAYEE.
function enumName(value, prefix) {
  return value.startsWith(prefix) ? value.slice(prefix.length) : value;
}

// RFC 3339 in UTC with 0, 3, 6 or 9 fractional digits, as protobuf prints a Timestamp.
export function time(ts) {
  if (!ts) return null;
  const base = new Date(Number(ts.seconds) * 1000).toISOString().slice(0, 19);
  const nanos = ts.nanos || 0;
  let fraction = '';
  if (nanos % 1e6 === 0 && nanos !== 0) fraction = '.' + String(nanos / 1e6).padStart(3, '0');
  else if (nanos % 1e3 === 0 && nanos !== 0) fraction = '.' + String(nanos / 1e3).padStart(6, '0');
  else if (nanos !== 0) fraction = '.' + String(nanos).padStart(9, '0');
  return `${base}${fraction}Z`;
}

const euros = (cents) => Number(cents) / 100;
const orNull = (s) => (s ? s : null);

export function centsOf(euros, field) {
  const cents = Math.round(euros * 100);
  if (!Number.isFinite(euros) || euros < 0 || euros > 1e6 || Math.abs(cents - euros * 100) > 1e-6) {
    throw new GraphQLError(`${field}: at most two decimals (cents), between 0 and 1000000 euros`, {
      extensions: { code: 'BAD_USER_INPUT' },
    });
  }
  return cents;
}

function adresse(a) {
  return {
    nomComplet: a.nom_complet,
    ligne1: a.ligne1,
    ligne2: orNull(a.ligne2),
    codePostal: a.code_postal,
    ville: a.ville,
    pays: a.pays,
    telephone: orNull(a.telephone),
  };
}

export function parfum(p) {
  return {
    id: p.id,
    nom: p.nom,
    description: p.description,
    prix: euros(p.prix_cents),
    prixCentimes: Number(p.prix_cents),
    image: p.image,
    stock: p.stock,
    enStock: p.stock > 0,
    marque: p.marque,
    famille: enumName(p.famille, 'FAMILLE_'),
    genre: enumName(p.genre, 'GENRE_'),
    notes: { tete: p.notes?.tete ?? [], coeur: p.notes?.coeur ?? [], fond: p.notes?.fond ?? [] },
    contenanceMl: p.contenance_ml,
    version: Number(p.version),
    creeLe: time(p.created_at),
    modifieLe: time(p.updated_at),
  };
}

export function commande(c) {
  const statut = enumName(c.statut, 'STATUT_COMMANDE_');
  return {
    id: c.id,
    parfumId: c.parfum_id,
    quantite: c.quantite,
    statut,
    dateCommande: time(c.date_commande),
    lignes: c.lignes.map((l) => ({
      parfumId: l.parfum_id,
      nom: l.nom,
      quantite: l.quantite,
      prixUnitaire: euros(l.prix_unitaire_cents),
      prixUnitaireCentimes: Number(l.prix_unitaire_cents),
      total: euros(l.total_cents),
      totalCentimes: Number(l.total_cents),
    })),
    total: euros(c.total_cents),
    totalCentimes: Number(c.total_cents),
    clientId: c.client_id,
    adresseLivraison: adresse(c.adresse_livraison),
    historique: c.historique.map((h) => ({
      statut: enumName(h.statut, 'STATUT_COMMANDE_'),
      date: time(h.at),
      raison: orNull(h.raison),
    })),
    raisonAnnulation: orNull(c.raison_annulation),
    dateLimitePaiement: statut === 'EN_ATTENTE' ? time(c.date_limite_paiement) : null,
    remboursementDemande: c.remboursement_demande,
    rembourse: c.rembourse,
    incidentLivraison: orNull(c.incident_livraison),
    version: Number(c.version),
  };
}

export function paiement(p) {
  return {
    id: p.id,
    commandeId: p.commande_id,
    montant: euros(p.montant_cents),
    montantCentimes: Number(p.montant_cents),
    statut: enumName(p.statut, 'STATUT_PAIEMENT_'),
    marqueCarte: p.marque_carte,
    derniersChiffres: p.derniers_chiffres,
    codeRefus: orNull(p.code_refus),
    messageRefus: orNull(p.message_refus),
    creeLe: time(p.cree_le),
    rembourseLe: time(p.rembourse_le),
  };
}

export function livraison(l) {
  return {
    id: l.id,
    commandeId: l.commande_id,
    statut: enumName(l.statut, 'STATUT_LIVRAISON_'),
    transporteur: l.transporteur,
    numeroSuivi: l.numero_suivi,
    adresse: adresse(l.adresse),
    suivi: l.suivi.map((e) => ({
      statut: enumName(e.statut, 'STATUT_LIVRAISON_'),
      date: time(e.at),
      lieu: orNull(e.lieu),
      commentaire: orNull(e.commentaire),
    })),
    creeLe: time(l.cree_le),
    majLe: time(l.maj_le),
    version: Number(l.version),
  };
}

// Cursors: "n:<token>" continues at a page token, "s:<skip>:<token>" skips into a page.
const cursor = (raw) => Buffer.from(raw).toString('base64url');

// { first, after } -> the page request and what to cut from the page.
export function pageArgs({ first, after }) {
  const q = { first: first ?? 20, skip: 0, token: '', after: after != null };
  if (q.first < 0 || q.first > MAX_FIRST) {
    throw new GraphQLError(`first: must be between 0 and ${MAX_FIRST}`, { extensions: { code: 'BAD_USER_INPUT' } });
  }
  if (after != null) {
    const raw = Buffer.from(after, 'base64url').toString();
    const skip = /^s:(\d+):/.exec(raw);
    if (raw.startsWith('n:')) q.token = raw.slice(2);
    else if (skip && Number(skip[1]) > 0 && Number(skip[1]) <= MAX_FIRST) {
      q.skip = Number(skip[1]);
      q.token = raw.slice(skip[0].length);
    } else {
      throw new GraphQLError('after: not a cursor given by this list', { extensions: { code: 'BAD_USER_INPUT' } });
    }
  }
  q.page = { page_size: Math.min(MAX_FIRST, q.skip + Math.max(q.first, 1)), page_token: q.token };
  return q;
}

export function connection(q, nodes, nextPageToken, total) {
  const begin = Math.min(q.skip, nodes.length);
  const end = Math.min(nodes.length, begin + q.first);
  const edges = [];
  for (let i = begin; i < end; i++) {
    const lastOfPage = i + 1 === nodes.length && nextPageToken !== '';
    edges.push({ cursor: lastOfPage ? cursor(`n:${nextPageToken}`) : cursor(`s:${i + 1}:${q.token}`), node: nodes[i] });
  }
  return {
    edges,
    pageInfo: {
      hasNextPage: end < nodes.length || nextPageToken !== '',
      hasPreviousPage: q.after,
      startCursor: edges.length ? edges[0].cursor : null,
      endCursor: edges.length ? edges[edges.length - 1].cursor : null,
    },
    totalCount: Number(total),
  };
}
