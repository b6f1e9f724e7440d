import { Client, cacheExchange, fetchExchange, subscriptionExchange } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { graphqlHttpUrl, graphqlWsUrl } from './config';
import { notifyReconnect, setConnection } from './connection';

// The urql client for one session: HTTP for queries and mutations, graphql-ws
// for subscriptions, both carrying the bearer token. A new client is made when
// the token changes (sign in, sign out), which also drops the cached data of
// the previous account.

export interface ClientOptions {
  token: string | null;
  /** The server refused the token (HTTP 401 or WebSocket 4403). */
  onUnauthorized: () => void;
  url?: string;
}

export function makeClient({ token, onUnauthorized, url = graphqlHttpUrl() }: ClientOptions): { client: Client; dispose: () => void } {
  const ws: WsClient = createWsClient({
    url: graphqlWsUrl(url),
    lazy: true,
    connectionParams: () => (token ? { authorization: `Bearer ${token}` } : {}),
    retryAttempts: Infinity,
    shouldRetry: (e) => (e as { code?: number } | undefined)?.code !== 4403,
    retryWait: async (retries) => {
      await new Promise((r) => setTimeout(r, Math.min(1000 * 2 ** retries, 10000)));
    },
    on: {
      connected: () => setConnection('ok'),
      closed: (e) => {
        const code = (e as CloseEvent | undefined)?.code;
        if (code === 4403) onUnauthorized();
        else if (code !== 1000) setConnection('perdue');
      },
    },
  });

  const fetchWithStatus: typeof fetch = async (input, init) => {
    try {
      const res = await fetch(input, init);
      if (res.status === 401 && token) onUnauthorized();
      // A 5xx that is not a GraphQL answer: a proxy in front of the gateway could not reach it.
      const json = (res.headers.get('content-type') ?? '').includes('json');
      if (res.status >= 500 && (!json || res.status >= 502)) setConnection('perdue');
      else setConnection('ok');
      return res;
    } catch (e) {
      setConnection('perdue');
      throw e;
    }
  };

  const client = new Client({
    url,
    fetch: fetchWithStatus,
    requestPolicy: 'cache-and-network',
    fetchOptions: (): RequestInit => (token ? { headers: { authorization: `Bearer ${token}` } } : {}),
    exchanges: [
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query || '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  const onOnline = () => notifyReconnect();
  window.addEventListener('online', onOnline);
  return {
    client,
    dispose: () => {
      window.removeEventListener('online', onOnline);
      void ws.dispose();
    },
  };
}
