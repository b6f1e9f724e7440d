// Where the GraphQL API is: window.PARFUMERIE_CONFIG.graphqlUrl (from /config.js)
// or the page's own origin at /graphql. The WebSocket URL is derived from it.

export function graphqlHttpUrl(loc: Location = window.location): string {
  const configured = window.PARFUMERIE_CONFIG?.graphqlUrl;
  return new URL(configured || '/graphql', loc.href).toString();
}

export function graphqlWsUrl(httpUrl: string): string {
  const url = new URL(httpUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
