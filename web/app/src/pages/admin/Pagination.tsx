import { useState } from 'react';

/** Forward pagination with a stack of cursors, so "Précédent" works too. */
export function usePages() {
  const [pile, setPile] = useState<Array<string | null>>([null]);
  return {
    after: pile[pile.length - 1],
    page: pile.length,
    suivante: (c: string) => setPile((p) => [...p, c]),
    precedente: () => setPile((p) => (p.length > 1 ? p.slice(0, -1) : p)),
    reset: () => setPile([null]),
  };
}

export function Pagination({ page, hasNext, onPrev, onNext }: { page: number; hasNext: boolean; onPrev: () => void; onNext: () => void }) {
  return (
    <nav className="pagination" aria-label="Pagination">
      <button type="button" className="btn btn-petit btn-secondaire" disabled={page <= 1} onClick={onPrev}>
        ← Précédent
      </button>
      <span>Page {page}</span>
      <button type="button" className="btn btn-petit btn-secondaire" disabled={!hasNext} onClick={onNext} data-testid="page-suivante">
        Suivant →
      </button>
    </nav>
  );
}
