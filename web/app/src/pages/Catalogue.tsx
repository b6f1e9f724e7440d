import { useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { MarquesDocument, ParfumsDocument } from '../graphql/documents';
import type { Famille, Genre, MarquesQuery, ParfumsQuery, ParfumsQueryVariables } from '../graphql/generated';
import { ParfumCard } from '../components/ParfumCard';
import { Chargement, Erreur, Vide } from '../components/States';
import { readFiltres, toVariables, TRIS, writeFiltres, type CatalogueFiltres } from '../lib/catalogueParams';
import { toUiError } from '../lib/errors';
import { FAMILLES, GENRES } from '../lib/format';
import { useDebounced } from '../lib/useDebounced';
import { useReexecuteOnReconnect } from '../lib/useReexecuteOnReconnect';
import { useTitle } from '../lib/useTitle';

const PAGE = 12;

function Page({
  variables,
  after,
  isLast,
  onMore,
}: {
  variables: Omit<ParfumsQueryVariables, 'after' | 'first'>;
  after: string | null;
  isLast: boolean;
  onMore: (cursor: string) => void;
}) {
  const [{ data, fetching, error }, reexecute] = useQuery<ParfumsQuery, ParfumsQueryVariables>({
    query: ParfumsDocument,
    variables: { ...variables, first: PAGE, after },
  });
  useReexecuteOnReconnect(reexecute);
  const conn = data?.parfums;
  if (error && !conn) {
    return <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />;
  }
  if (!conn) return <Chargement label="Chargement des parfums…" />;
  if (after === null && conn.totalCount === 0) return null;
  return (
    <>
      {after === null && (
        <p className="resultats" role="status" data-testid="catalogue-total">
          {conn.totalCount} parfum{conn.totalCount > 1 ? 's' : ''}
        </p>
      )}
      <ul className="grille" data-testid="catalogue-grille">
        {conn.edges.map((e) => (
          <ParfumCard key={e.node.id} p={e.node} />
        ))}
      </ul>
      {isLast && conn.pageInfo.hasNextPage && conn.pageInfo.endCursor && (
        <div className="plus">
          <button type="button" className="btn btn-secondaire" disabled={fetching} onClick={() => onMore(conn.pageInfo.endCursor!)} data-testid="catalogue-plus">
            Afficher plus de parfums
          </button>
        </div>
      )}
    </>
  );
}

function Resultats({ filtres }: { filtres: CatalogueFiltres }) {
  const variables = useMemo(() => toVariables(filtres), [filtres]);
  const [afters, setAfters] = useState<Array<string | null>>([null]);
  const [{ data }] = useQuery<ParfumsQuery, ParfumsQueryVariables>({
    query: ParfumsDocument,
    variables: { ...variables, first: PAGE, after: null },
  });
  const vide = data?.parfums.totalCount === 0;
  return (
    <div className="resultats-zone" aria-live="polite">
      {vide ? (
        <Vide titre="Aucun parfum ne correspond à votre recherche.">
          <p>Essayez d’autres mots ou retirez un filtre.</p>
        </Vide>
      ) : (
        afters.map((after, i) => (
          <Page
            key={after ?? 'premiere'}
            variables={variables}
            after={after}
            isLast={i === afters.length - 1}
            onMore={(c) => setAfters((a) => (a.includes(c) ? a : [...a, c]))}
          />
        ))
      )}
    </div>
  );
}

export default function Catalogue() {
  useTitle(undefined);
  const [params, setParams] = useSearchParams();
  const filtres = useMemo(() => readFiltres(params), [params]);
  const [recherche, setRecherche] = useState(filtres.recherche);
  const rechercheDebounced = useDebounced(recherche, 300);
  const [{ data: marquesData }] = useQuery<MarquesQuery>({ query: MarquesDocument });
  const marques = useMemo(
    () => [...new Set((marquesData?.parfums.edges ?? []).map((e) => e.node.marque))].sort((a, b) => a.localeCompare(b, 'fr')),
    [marquesData],
  );

  const maj = (patch: Partial<CatalogueFiltres>) => setParams(writeFiltres({ ...filtres, ...patch }), { replace: true });

  useEffect(() => {
    if (rechercheDebounced !== filtres.recherche) maj({ recherche: rechercheDebounced });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [rechercheDebounced]);
  // The URL changed from elsewhere (back button, "Tout effacer").
  useEffect(() => {
    setRecherche((r) => (r.trim() === filtres.recherche.trim() ? r : filtres.recherche));
  }, [filtres.recherche]);

  const actifs =
    filtres.marques.length + (filtres.famille ? 1 : 0) + (filtres.genre ? 1 : 0) + (filtres.prixMin ? 1 : 0) + (filtres.prixMax ? 1 : 0) + (filtres.enStock ? 1 : 0);
  const cle = JSON.stringify(toVariables(filtres));
  // On a phone the filters start folded so the perfumes come first.
  const filtresRef = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (filtresRef.current && window.matchMedia?.('(max-width: 820px)').matches) filtresRef.current.open = false;
  }, []);

  return (
    <div className="catalogue">
      <section className="hero">
        <h1>Parfums de créateurs</h1>
        <p>Floraux, boisés, orientaux… trouvez la fragrance qui vous ressemble.</p>
      </section>
      <div className="recherche-barre">
        <label htmlFor="recherche" className="sr-only">
          Rechercher un parfum
        </label>
        <input
          id="recherche"
          type="search"
          placeholder="Rechercher un parfum, une marque, une note…"
          value={recherche}
          onChange={(e) => setRecherche(e.target.value)}
          data-testid="recherche"
          autoComplete="off"
        />
        <label htmlFor="tri" className="sr-only">
          Trier par
        </label>
        <select id="tri" value={filtres.tri} onChange={(e) => maj({ tri: e.target.value })} data-testid="tri">
          {TRIS.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </div>
      <div className="catalogue-corps">
        <details className="filtres" open ref={filtresRef}>
          <summary>
            Filtres{actifs ? ` (${actifs})` : ''}
          </summary>
          <form className="filtres-form" onSubmit={(e) => e.preventDefault()} aria-label="Filtres">
            <fieldset>
              <legend>Marque</legend>
              <div className="marques" data-testid="filtre-marques">
                {marques.map((m) => (
                  <label key={m} className="case">
                    <input
                      type="checkbox"
                      checked={filtres.marques.includes(m)}
                      onChange={(e) =>
                        maj({ marques: e.target.checked ? [...filtres.marques, m] : filtres.marques.filter((x) => x !== m) })
                      }
                    />
                    {m}
                  </label>
                ))}
              </div>
            </fieldset>
            <div className="champ">
              <label htmlFor="famille">Famille olfactive</label>
              <select id="famille" value={filtres.famille} onChange={(e) => maj({ famille: e.target.value as Famille | '' })} data-testid="filtre-famille">
                <option value="">Toutes</option>
                {Object.entries(FAMILLES).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
            <div className="champ">
              <label htmlFor="genre">Pour</label>
              <select id="genre" value={filtres.genre} onChange={(e) => maj({ genre: e.target.value as Genre | '' })} data-testid="filtre-genre">
                <option value="">Tous</option>
                {Object.entries(GENRES).map(([k, v]) => (
                  <option key={k} value={k}>
                    {v}
                  </option>
                ))}
              </select>
            </div>
            <fieldset className="prix-plage">
              <legend>Prix (€)</legend>
              <label>
                <span className="sr-only">Prix minimum</span>
                <input type="number" min="0" inputMode="decimal" placeholder="Min" defaultValue={filtres.prixMin} key={`min-${filtres.prixMin}`} onBlur={(e) => maj({ prixMin: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && maj({ prixMin: e.currentTarget.value })} data-testid="filtre-prix-min" aria-label="Prix minimum" />
              </label>
              <span aria-hidden="true">–</span>
              <label>
                <span className="sr-only">Prix maximum</span>
                <input type="number" min="0" inputMode="decimal" placeholder="Max" defaultValue={filtres.prixMax} key={`max-${filtres.prixMax}`} onBlur={(e) => maj({ prixMax: e.target.value })} onKeyDown={(e) => e.key === 'Enter' && maj({ prixMax: e.currentTarget.value })} data-testid="filtre-prix-max" aria-label="Prix maximum" />
              </label>
            </fieldset>
            <label className="case">
              <input type="checkbox" checked={filtres.enStock} onChange={(e) => maj({ enStock: e.target.checked })} data-testid="filtre-en-stock" />
              En stock uniquement
            </label>
            {(actifs > 0 || filtres.recherche) && (
              <button
                type="button"
                className="lien-bouton"
                onClick={() => {
                  setRecherche('');
                  setParams(new URLSearchParams(), { replace: true });
                }}
                data-testid="filtres-effacer"
              >
                Tout effacer
              </button>
            )}
          </form>
        </details>
        <Resultats key={cle} filtres={filtres} />
      </div>
    </div>
  );
}
