// One gRPC client per service of the shop, loaded from the repository's proto/
// files, and a promise around a unary call.
import { fileURLToPath } from 'node:url';
import grpc from '@grpc/grpc-js';
import protoLoader from '@grpc/proto-loader';
import { GraphQLError } from 'graphql';

const PROTO_DIR = fileURLToPath(new URL('../../proto', import.meta.url));
const DEADLINE_MS = Number(process.env.GRPC_DEADLINE_MS || 5000);

const definition = protoLoader.loadSync(
  ['parfumerie/v1/catalog.proto', 'parfumerie/v1/payment.proto', 'parfumerie/v1/delivery.proto'],
  { includeDirs: [PROTO_DIR], keepCase: true, longs: String, enums: String, defaults: true, oneofs: true },
);
const v1 = grpc.loadPackageDefinition(definition).parfumerie.v1;

export function createClients({ catalogAddr, paymentAddr, deliveryAddr }) {
  const insecure = grpc.credentials.createInsecure();
  return {
    catalog: new v1.CatalogService(catalogAddr, insecure),
    orders: new v1.OrderService(catalogAddr, insecure),
    payment: new v1.PaymentService(paymentAddr, insecure),
    delivery: new v1.DeliveryService(deliveryAddr, insecure),
  };
}

// gRPC status codes as GraphQL error codes (the same table as the shop's gateway).
const CODES = {
  [grpc.status.INVALID_ARGUMENT]: 'BAD_USER_INPUT',
  [grpc.status.OUT_OF_RANGE]: 'BAD_USER_INPUT',
  [grpc.status.UNAUTHENTICATED]: 'UNAUTHENTICATED',
  [grpc.status.PERMISSION_DENIED]: 'FORBIDDEN',
  [grpc.status.NOT_FOUND]: 'NOT_FOUND',
  [grpc.status.ALREADY_EXISTS]: 'ALREADY_EXISTS',
  [grpc.status.ABORTED]: 'CONFLICT',
  [grpc.status.FAILED_PRECONDITION]: 'FAILED_PRECONDITION',
  [grpc.status.UNAVAILABLE]: 'UNAVAILABLE',
  [grpc.status.DEADLINE_EXCEEDED]: 'UNAVAILABLE',
};

export function isNotFound(error) {
  return error?.grpcCode === grpc.status.NOT_FOUND;
}

// Calls `method` on `client`; resolves with the response or rejects with a GraphQLError.
export function call(client, method, request) {
  return new Promise((resolve, reject) => {
    client[method](request, { deadline: Date.now() + DEADLINE_MS }, (err, response) => {
      if (!err) return resolve(response);
      const code = CODES[err.code] || 'INTERNAL_SERVER_ERROR';
      const message = code === 'INTERNAL_SERVER_ERROR' ? 'Internal server error' : err.details;
      const error = new GraphQLError(message, { extensions: { code } });
      error.grpcCode = err.code;
      reject(error);
    });
  });
}
