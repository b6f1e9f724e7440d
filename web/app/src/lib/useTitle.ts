import { useEffect } from 'react';

export function useTitle(titre: string | undefined): void {
  useEffect(() => {
    document.title = titre ? `${titre} · Parfumerie` : 'Parfumerie';
  }, [titre]);
}
