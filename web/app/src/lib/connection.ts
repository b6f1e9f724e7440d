import { useSyncExternalStore } from 'react';

// Whether the server is reachable, as the HTTP requests and the WebSocket see
// it: a failed request or a dropped socket marks it lost, the next success
// marks it back. The banner in the layout shows it.

export type ConnectionState = 'ok' | 'perdue';

let state: ConnectionState = 'ok';
const listeners = new Set<() => void>();

export function setConnection(next: ConnectionState): void {
  if (next === state) return;
  state = next;
  listeners.forEach((l) => l());
}

export const getConnection = (): ConnectionState => state;

function subscribe(l: () => void): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

export const useConnection = (): ConnectionState => useSyncExternalStore(subscribe, getConnection, getConnection);

/** Retries every listener that asked to be told when the connection returns. */
const retryListeners = new Set<() => void>();
export function onReconnect(l: () => void): () => void {
  retryListeners.add(l);
  return () => retryListeners.delete(l);
}
export function notifyReconnect(): void {
  retryListeners.forEach((l) => l());
}
