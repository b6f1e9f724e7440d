// The seed's API gateway: Apollo Server over the shop's gRPC services.
//
//   CATALOG_ADDR=127.0.0.1:50053 PAYMENT_ADDR=127.0.0.1:50054 DELIVERY_ADDR=127.0.0.1:50055 \
//   JWT_SECRET=... PORT=3001 node index.js
//
// Serves the repository's schema.graphql at http://HOST:PORT/graphql. Bearer
// tokens are the shop's (HS256, issuer "parfumerie", signed with JWT_SECRET);
// accounts themselves (inscription, connexion, moi) and subscriptions are the
// shop gateway's and are not served here. Prints "ready <url>" once listening.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { GraphQLError } from 'graphql';
import jwt from 'jsonwebtoken';
import { createClients } from './grpc.js';
import { resolvers } from './resolvers.js';

const env = process.env;
const secret = env.JWT_SECRET;
if (!secret) {
  console.error('JWT_SECRET is required (the shop gateway\'s --jwt-secret)');
  process.exit(2);
}

const typeDefs = readFileSync(fileURLToPath(new URL('../../schema.graphql', import.meta.url)), 'utf8');
const clients = createClients({
  catalogAddr: env.CATALOG_ADDR || '127.0.0.1:50053',
  paymentAddr: env.PAYMENT_ADDR || '127.0.0.1:50054',
  deliveryAddr: env.DELIVERY_ADDR || '127.0.0.1:50055',
});

// The caller of a request: none without a token; a bad token is refused.
function userOf(authorization) {
  if (!authorization) return null;
  try {
    const claims = jwt.verify(authorization.replace(/^Bearer /i, ''), secret, {
      algorithms: ['HS256'],
      issuer: 'parfumerie',
    });
    return { id: claims.sub, email: claims.email, role: claims.role };
  } catch (error) {
    throw new GraphQLError(`token: ${error.message}`, {
      extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } },
    });
  }
}

const server = new ApolloServer({ typeDefs, resolvers });
const { url } = await startStandaloneServer(server, {
  listen: { host: env.HOST || '127.0.0.1', port: Number(env.PORT ?? 3001) },
  context: async ({ req }) => ({ clients, user: userOf(req.headers.authorization) }),
});
console.log(`ready ${url}graphql`);

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    await server.stop();
    process.exit(0);
  });
}
