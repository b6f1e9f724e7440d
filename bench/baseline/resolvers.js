// The resolvers: each field that needs a service calls it over gRPC.
import { GraphQLError } from 'graphql';
import { call, isNotFound } from './grpc.js';
import * as to from './values.js';

function requireUser({ user }) {
  if (!user) {
    throw new GraphQLError('Authentication required: sign in and send the token', {
      extensions: { code: 'UNAUTHENTICATED' },
    });
  }
  return user;
}

function requireAdmin(context) {
  if (requireUser(context).role !== 'ADMIN') {
    throw new GraphQLError('Operator (ADMIN) role required', { extensions: { code: 'FORBIDDEN' } });
  }
}

function notFound(id) {
  return new GraphQLError(`commande ${id}: not found`, { extensions: { code: 'NOT_FOUND' } });
}

// A customer sees only its own orders; an operator sees every order.
function visibleOrder(user, c) {
  if (user.role !== 'ADMIN' && c.client_id !== user.id) throw notFound(c.id);
  return to.commande(c);
}

async function getOrder({ clients, user }, id) {
  try {
    return visibleOrder(user, await call(clients.orders, 'GetOrder', { id }));
  } catch (error) {
    throw isNotFound(error) ? notFound(id) : error;
  }
}

// null when the service has none.
async function orNull(promise) {
  try {
    return await promise;
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

async function getParfum({ clients }, id) {
  const p = await orNull(call(clients.catalog, 'GetParfum', { id }));
  return p && to.parfum(p);
}

const TRI = { NOM: 'TRI_PARFUMS_NOM', PRIX: 'TRI_PARFUMS_PRIX', DATE_CREATION: 'TRI_PARFUMS_CREATED_AT', STOCK: 'TRI_PARFUMS_STOCK' };

function parfumFields(input) {
  const fields = {};
  for (const key of ['nom', 'description', 'marque', 'image']) if (input[key] != null) fields[key] = input[key];
  if (input.famille != null) fields.famille = `FAMILLE_${input.famille}`;
  if (input.genre != null) fields.genre = `GENRE_${input.genre}`;
  if (input.contenanceMl != null) fields.contenance_ml = input.contenanceMl;
  if (input.prix != null) fields.prix_cents = to.centsOf(input.prix, 'prix');
  if (input.notes != null) fields.notes = input.notes;
  return fields;
}

function adresse(a) {
  return {
    nom_complet: a.nomComplet,
    ligne1: a.ligne1,
    ligne2: a.ligne2 ?? '',
    code_postal: a.codePostal,
    ville: a.ville,
    pays: a.pays,
    telephone: a.telephone ?? '',
  };
}

async function listOrders({ clients, user }, args, clientId) {
  const q = to.pageArgs(args);
  const request = { client_id: clientId, page: q.page };
  if (args.statut) request.statut = `STATUT_COMMANDE_${args.statut}`;
  const r = await call(clients.orders, 'ListOrders', request);
  return to.connection(q, r.commandes.map((c) => visibleOrder(user, c)), r.next_page_token, r.total);
}

export const resolvers = {
  Query: {
    async parfums(_, args, { clients }) {
      const q = to.pageArgs(args);
      const f = args.filtre || {};
      const request = {
        recherche: f.recherche ?? '',
        marques: f.marques ?? [],
        en_stock: f.enStock ?? false,
        tri: TRI[args.tri] ?? 'TRI_PARFUMS_NOM',
        descending: args.ordre === 'DESC',
        page: q.page,
      };
      if (f.famille) request.famille = `FAMILLE_${f.famille}`;
      if (f.genre) request.genre = `GENRE_${f.genre}`;
      if (f.prixMin != null) request.prix_min_cents = to.centsOf(f.prixMin, 'prixMin');
      if (f.prixMax != null) request.prix_max_cents = to.centsOf(f.prixMax, 'prixMax');
      const r = await call(clients.catalog, 'ListParfums', request);
      return to.connection(q, r.parfums.map(to.parfum), r.next_page_token, r.total);
    },
    parfum: (_, { id }, context) => getParfum(context, id),
    commande(_, { id }, context) {
      requireUser(context);
      return getOrder(context, id);
    },
    mesCommandes(_, args, context) {
      return listOrders(context, args, requireUser(context).id);
    },
    commandes(_, args, context) {
      requireAdmin(context);
      return listOrders(context, args, args.clientId ?? '');
    },
    async paiements(_, args, context) {
      requireAdmin(context);
      const q = to.pageArgs(args);
      const request = { page: q.page };
      if (args.statut) request.statut = `STATUT_PAIEMENT_${args.statut}`;
      const r = await call(context.clients.payment, 'ListPayments', request);
      return to.connection(q, r.paiements.map(to.paiement), r.next_page_token, r.total);
    },
    async livraisons(_, args, context) {
      requireAdmin(context);
      const q = to.pageArgs(args);
      const request = { page: q.page };
      if (args.statut) request.statut = `STATUT_LIVRAISON_${args.statut}`;
      const r = await call(context.clients.delivery, 'ListDeliveries', request);
      return to.connection(q, r.livraisons.map(to.livraison), r.next_page_token, r.total);
    },
    async livraison(_, { id }, context) {
      requireAdmin(context);
      return to.livraison(await call(context.clients.delivery, 'GetDelivery', { id }));
    },
  },

  Commande: {
    parfum: (commande, _, context) => getParfum(context, commande.parfumId),
    async paiement(commande, _, { clients }) {
      const p = await orNull(call(clients.payment, 'GetPaymentForOrder', { commande_id: commande.id }));
      return p && to.paiement(p);
    },
    async livraison(commande, _, { clients }) {
      const l = await orNull(call(clients.delivery, 'GetDeliveryForOrder', { commande_id: commande.id }));
      return l && to.livraison(l);
    },
  },
  LigneCommande: {
    parfum: (ligne, _, context) => getParfum(context, ligne.parfumId),
  },
  Paiement: {
    commande: (paiement, _, context) => getOrder(context, paiement.commandeId),
  },
  Livraison: {
    commande: (livraison, _, context) => getOrder(context, livraison.commandeId),
  },

  Mutation: {
    async tokeniserCarte(_, { input }, context) {
      requireUser(context);
      const r = await call(context.clients.payment, 'TokenizeCard', {
        numero: input.numero,
        mois_expiration: input.moisExpiration,
        annee_expiration: input.anneeExpiration,
        cvc: input.cvc,
        titulaire: input.titulaire ?? '',
      });
      return { token: r.token, marque: r.marque_carte, derniersChiffres: r.derniers_chiffres };
    },
    async passerCommande(_, { input }, context) {
      const user = requireUser(context);
      if (!input.cleIdempotence || input.cleIdempotence.length > 200) {
        throw new GraphQLError('cleIdempotence: 1 to 200 characters', { extensions: { code: 'BAD_USER_INPUT' } });
      }
      const c = await call(context.clients.orders, 'PlaceOrder', {
        idempotency_key: `${user.id}/${input.cleIdempotence}`,
        client_id: user.id,
        lignes: input.lignes.map((l) => ({ parfum_id: l.parfumId, quantite: l.quantite })),
        adresse_livraison: adresse(input.adresseLivraison),
        payment_method_token: input.tokenPaiement,
      });
      return visibleOrder(user, c);
    },
    async annulerCommande(_, { id, raison }, context) {
      const user = requireUser(context);
      await getOrder(context, id);
      const c = await call(context.clients.orders, 'CancelOrder', {
        id,
        raison: raison ?? (user.role === 'ADMIN' ? "annulée par l'opérateur" : 'annulée par le client'),
      });
      return visibleOrder(user, c);
    },
    async creerParfum(_, { input }, context) {
      requireAdmin(context);
      const p = await call(context.clients.catalog, 'CreateParfum', { ...parfumFields(input), stock: input.stock });
      return to.parfum(p);
    },
    async modifierParfum(_, { id, input, versionAttendue }, context) {
      requireAdmin(context);
      const request = { id, ...parfumFields(input) };
      if (versionAttendue != null) request.expected_version = versionAttendue;
      return to.parfum(await call(context.clients.catalog, 'UpdateParfum', request));
    },
    async supprimerParfum(_, { id, versionAttendue }, context) {
      requireAdmin(context);
      const request = { id };
      if (versionAttendue != null) request.expected_version = versionAttendue;
      await call(context.clients.catalog, 'DeleteParfum', request);
      return id;
    },
    async ajusterStock(_, { id, delta, raison, versionAttendue }, context) {
      requireAdmin(context);
      const request = { id, delta, reason: raison };
      if (versionAttendue != null) request.expected_version = versionAttendue;
      return to.parfum(await call(context.clients.catalog, 'AdjustStock', request));
    },
    async avancerLivraison(_, { id, versionAttendue, lieu, commentaire }, context) {
      requireAdmin(context);
      const request = { id, lieu: lieu ?? '', commentaire: commentaire ?? '' };
      if (versionAttendue != null) request.expected_version = versionAttendue;
      return to.livraison(await call(context.clients.delivery, 'AdvanceDelivery', request));
    },
    async echouerLivraison(_, { id, raison, versionAttendue }, context) {
      requireAdmin(context);
      const request = { id, raison };
      if (versionAttendue != null) request.expected_version = versionAttendue;
      return to.livraison(await call(context.clients.delivery, 'FailDelivery', request));
    },
  },
};
