import { useEffect } from 'react';
import { onReconnect } from './connection';

/** Re-runs a query when the connection comes back. */
export function useReexecuteOnReconnect(reexecute: (opts?: { requestPolicy: 'network-only' }) => void): void {
  useEffect(() => onReconnect(() => reexecute({ requestPolicy: 'network-only' })), [reexecute]);
}
