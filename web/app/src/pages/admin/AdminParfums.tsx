import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useClient, useMutation, useQuery } from 'urql';
import {
  AdminParfumsDocument,
  AjusterStockDocument,
  CreerParfumDocument,
  ModifierParfumDocument,
  ParfumDocument,
  SupprimerParfumDocument,
} from '../../graphql/documents';
import type {
  AdminParfumsQuery,
  AdminParfumsQueryVariables,
  AjusterStockMutation,
  AjusterStockMutationVariables,
  CreerParfumMutation,
  CreerParfumMutationVariables,
  ModifierParfumMutation,
  ModifierParfumMutationVariables,
  ParfumDetailFieldsFragment,
  ParfumQuery,
  ParfumQueryVariables,
  SupprimerParfumMutation,
  SupprimerParfumMutationVariables,
} from '../../graphql/generated';
import { Chargement, Erreur, Vide } from '../../components/States';
import { toUiError, type UiError } from '../../lib/errors';
import { formatPrix } from '../../lib/format';
import { useDebounced } from '../../lib/useDebounced';
import { useReexecuteOnReconnect } from '../../lib/useReexecuteOnReconnect';
import { PARFUM_FIELDS, ParfumForm, valeursDe, versInput } from './ParfumForm';

type Mode = { type: 'aucun' } | { type: 'creer' } | { type: 'modifier'; parfum: ParfumDetailFieldsFragment; cle: number } | { type: 'stock'; parfum: ParfumDetailFieldsFragment };

/** A panel's title, focused and scrolled to when the panel opens. */
function TitrePanneau({ children }: { children: ReactNode }) {
  const ref = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    ref.current?.focus();
    ref.current?.scrollIntoView?.({ block: 'start' });
  }, []);
  return (
    <h2 ref={ref} tabIndex={-1}>
      {children}
    </h2>
  );
}

function Conflit({ onRecharger }: { onRecharger: () => void }) {
  return (
    <div className="alerte alerte-erreur" role="alert" data-testid="conflit-version">
      <p>
        <strong>Conflit de version :</strong> ce parfum a été modifié par quelqu’un d’autre depuis que vous l’avez ouvert. Vos changements n’ont pas été enregistrés.
      </p>
      <button type="button" className="btn btn-petit" onClick={onRecharger} data-testid="conflit-recharger">
        Recharger la version actuelle
      </button>
    </div>
  );
}

export default function AdminParfums() {
  const [recherche, setRecherche] = useState('');
  const q = useDebounced(recherche, 300);
  const [{ data, error, fetching }, reexecute] = useQuery<AdminParfumsQuery, AdminParfumsQueryVariables>({
    query: AdminParfumsDocument,
    variables: { first: 100, filtre: q.trim() ? { recherche: q.trim() } : null },
  });
  useReexecuteOnReconnect(reexecute);
  const client = useClient();
  const [mode, setMode] = useState<Mode>({ type: 'aucun' });
  const [erreur, setErreur] = useState<UiError | null>(null);
  const [message, setMessage] = useState('');
  const [creerRes, creer] = useMutation<CreerParfumMutation, CreerParfumMutationVariables>(CreerParfumDocument);
  const [modifierRes, modifier] = useMutation<ModifierParfumMutation, ModifierParfumMutationVariables>(ModifierParfumDocument);
  const [, supprimer] = useMutation<SupprimerParfumMutation, SupprimerParfumMutationVariables>(SupprimerParfumDocument);
  const [stockRes, ajuster] = useMutation<AjusterStockMutation, AjusterStockMutationVariables>(AjusterStockDocument);
  const [delta, setDelta] = useState('');
  const [raison, setRaison] = useState('');

  const ouvrir = (m: Mode) => {
    setErreur(null);
    setMessage('');
    setMode(m);
  };
  const recharger = async (id: string, m: 'modifier' | 'stock') => {
    const r = await client.query<ParfumQuery, ParfumQueryVariables>(ParfumDocument, { id }, { requestPolicy: 'network-only' }).toPromise();
    if (r.data?.parfum) ouvrir(m === 'modifier' ? { type: 'modifier', parfum: r.data.parfum, cle: Date.now() } : { type: 'stock', parfum: r.data.parfum });
    reexecute({ requestPolicy: 'network-only' });
  };

  const lignes = data?.parfums.edges.map((e) => e.node) ?? [];
  return (
    <section data-testid="admin-parfums">
      <div className="admin-barre">
        <label htmlFor="admin-recherche" className="sr-only">
          Rechercher
        </label>
        <input id="admin-recherche" type="search" placeholder="Rechercher un parfum…" value={recherche} onChange={(e) => setRecherche(e.target.value)} />
        <button type="button" className="btn" onClick={() => ouvrir({ type: 'creer' })} data-testid="parfum-nouveau">
          Nouveau parfum
        </button>
      </div>
      {message && (
        <p className="succes" role="status" data-testid="admin-message">
          {message}
        </p>
      )}

      {mode.type === 'creer' && (
        <div className="panneau">
          <TitrePanneau>Nouveau parfum</TitrePanneau>
          <ParfumForm
            initial={valeursDe()}
            creation
            envoi={creerRes.fetching}
            serverErrors={erreur?.fields ?? {}}
            onCancel={() => ouvrir({ type: 'aucun' })}
            onSubmit={async (v) => {
              const r = await creer({ input: versInput(v) });
              if (r.data) {
                ouvrir({ type: 'aucun' });
                setMessage(`« ${r.data.creerParfum.nom} » a été créé.`);
                reexecute({ requestPolicy: 'network-only' });
              } else setErreur(toUiError(r.error, PARFUM_FIELDS));
            }}
          >
            {erreur?.message && <p className="message-erreur" role="alert">{erreur.message}</p>}
          </ParfumForm>
        </div>
      )}

      {mode.type === 'modifier' && (
        <div className="panneau">
          <TitrePanneau key={mode.cle}>
            Modifier « {mode.parfum.nom} » <small>(version {mode.parfum.version})</small>
          </TitrePanneau>
          <ParfumForm
            key={mode.cle}
            initial={valeursDe(mode.parfum)}
            creation={false}
            envoi={modifierRes.fetching}
            serverErrors={erreur?.fields ?? {}}
            onCancel={() => ouvrir({ type: 'aucun' })}
            onSubmit={async (v) => {
              const { stock: _stock, ...input } = versInput(v);
              void _stock;
              const r = await modifier({ id: mode.parfum.id, input: { ...input, image: input.image ?? mode.parfum.image }, versionAttendue: mode.parfum.version });
              if (r.data) {
                ouvrir({ type: 'aucun' });
                setMessage(`« ${r.data.modifierParfum.nom} » a été enregistré (version ${r.data.modifierParfum.version}).`);
                reexecute({ requestPolicy: 'network-only' });
              } else setErreur(toUiError(r.error, PARFUM_FIELDS));
            }}
          >
            {erreur?.code === 'CONFLICT' ? (
              <Conflit onRecharger={() => recharger(mode.parfum.id, 'modifier')} />
            ) : (
              erreur?.message && <p className="message-erreur" role="alert">{erreur.message}</p>
            )}
          </ParfumForm>
        </div>
      )}

      {mode.type === 'stock' && (
        <div className="panneau">
          <TitrePanneau key={mode.parfum.id}>
            Ajuster le stock de « {mode.parfum.nom} » (actuel : {mode.parfum.stock})
          </TitrePanneau>
          <form
            className="admin-form"
            data-testid="form-stock"
            onSubmit={async (e) => {
              e.preventDefault();
              const d = Number(delta);
              if (!Number.isInteger(d) || d === 0) return setErreur({ code: 'BAD_USER_INPUT', fields: { delta: 'Un entier non nul : +12 (réassort) ou -2 (casse).' }, message: '' });
              if (!raison.trim()) return setErreur({ code: 'BAD_USER_INPUT', fields: { raison: 'Indiquez la raison.' }, message: '' });
              const r = await ajuster({ id: mode.parfum.id, delta: d, raison: raison.trim(), versionAttendue: mode.parfum.version });
              if (r.data) {
                setMessage(`Stock de « ${r.data.ajusterStock.nom} » : ${r.data.ajusterStock.stock}.`);
                setDelta('');
                setRaison('');
                ouvrir({ type: 'aucun' });
                setMessage(`Stock de « ${r.data.ajusterStock.nom} » : ${r.data.ajusterStock.stock}.`);
                reexecute({ requestPolicy: 'network-only' });
              } else setErreur(toUiError(r.error, ['delta', 'raison']));
            }}
          >
            <div className="ligne-champs">
              <div className="champ">
                <label htmlFor="stock-delta">Variation (+/−)</label>
                <input id="stock-delta" inputMode="numeric" value={delta} onChange={(e) => setDelta(e.target.value)} data-testid="champ-delta" aria-invalid={erreur?.fields.delta ? true : undefined} />
                {erreur?.fields.delta && <small className="message-erreur" data-testid="erreur-delta">{erreur.fields.delta}</small>}
              </div>
              <div className="champ">
                <label htmlFor="stock-raison">Raison</label>
                <input id="stock-raison" value={raison} onChange={(e) => setRaison(e.target.value)} placeholder="Réassort, casse, inventaire…" data-testid="champ-raison" aria-invalid={erreur?.fields.raison ? true : undefined} />
                {erreur?.fields.raison && <small className="message-erreur" data-testid="erreur-raison">{erreur.fields.raison}</small>}
              </div>
            </div>
            {erreur?.code === 'CONFLICT' ? <Conflit onRecharger={() => recharger(mode.parfum.id, 'stock')} /> : erreur?.message && <p className="message-erreur" role="alert">{erreur.message}</p>}
            <div className="actions">
              <button type="submit" className="btn btn-principal" disabled={stockRes.fetching} data-testid="stock-valider">
                Appliquer
              </button>
              <button type="button" className="btn btn-secondaire" onClick={() => ouvrir({ type: 'aucun' })}>
                Annuler
              </button>
            </div>
          </form>
        </div>
      )}

      {error && !data ? (
        <Erreur message={toUiError(error)?.message ?? ''} onRetry={() => reexecute({ requestPolicy: 'network-only' })} />
      ) : !data ? (
        <Chargement />
      ) : lignes.length === 0 ? (
        <Vide titre="Aucun parfum." />
      ) : (
        <div className="tableau-defile">
          <table className="tableau" aria-busy={fetching}>
            <caption className="sr-only">Parfums du catalogue</caption>
            <thead>
              <tr>
                <th scope="col">Parfum</th>
                <th scope="col">Marque</th>
                <th scope="col">Prix</th>
                <th scope="col">Stock</th>
                <th scope="col">Version</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {lignes.map((p) => (
                <tr key={p.id} data-testid="admin-parfum-ligne" data-parfum-id={p.id}>
                  <td>{p.nom}</td>
                  <td>{p.marque}</td>
                  <td>{formatPrix(p.prix)}</td>
                  <td className={p.stock === 0 ? 'rouge' : p.stock <= 5 ? 'orange' : ''}>{p.stock}</td>
                  <td>{p.version}</td>
                  <td className="actions-cellule">
                    <button type="button" className="btn btn-petit btn-secondaire" onClick={() => ouvrir({ type: 'modifier', parfum: p, cle: Date.now() })} data-testid="parfum-modifier">
                      Modifier
                    </button>
                    <button type="button" className="btn btn-petit btn-secondaire" onClick={() => ouvrir({ type: 'stock', parfum: p })} data-testid="parfum-stock-ajuster">
                      Stock
                    </button>
                    <button
                      type="button"
                      className="btn btn-petit btn-danger"
                      data-testid="parfum-supprimer"
                      onClick={async () => {
                        if (!window.confirm(`Retirer « ${p.nom} » du catalogue ? Les commandes passées le gardent.`)) return;
                        const r = await supprimer({ id: p.id, versionAttendue: p.version });
                        if (r.error) {
                          const ui = toUiError(r.error);
                          setMessage('');
                          setErreur(ui);
                          window.alert(ui?.code === 'CONFLICT' ? 'Ce parfum a été modifié entre-temps : rechargez la liste puis réessayez.' : ui?.message);
                          reexecute({ requestPolicy: 'network-only' });
                        } else {
                          setMessage(`« ${p.nom} » a été retiré du catalogue.`);
                          reexecute({ requestPolicy: 'network-only' });
                        }
                      }}
                    >
                      Supprimer
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
