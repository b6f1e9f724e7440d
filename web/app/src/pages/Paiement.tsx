import { useRef, useState, type FormEvent } from 'react';
import { Link, Navigate, useNavigate } from 'react-router-dom';
import { useMutation } from 'urql';
import { PasserCommandeDocument, TokeniserCarteDocument } from '../graphql/documents';
import type { PasserCommandeMutation, PasserCommandeMutationVariables, TokeniserCarteMutation, TokeniserCarteMutationVariables } from '../graphql/generated';
import { Field, SelectField } from '../components/Field';
import { useAuth } from '../lib/AuthContext';
import { useCart } from '../lib/CartContext';
import { cardBrand, formatCardNumber, type CardInputText } from '../lib/card';
import { cartFingerprint, cartTotalCentimes } from '../lib/cart';
import { FORM_FIELDS, PAYS, runCheckout, setPendingOrder, validateCheckout, type AdresseText } from '../lib/checkout';
import { toUiError, type UiError } from '../lib/errors';
import { checkoutKey, finishCheckout } from '../lib/idempotency';
import { formatPrix } from '../lib/format';
import { useTitle } from '../lib/useTitle';

type Errors = Record<string, string>;

export default function Paiement() {
  useTitle('Paiement');
  const { session } = useAuth();
  const { lignes } = useCart();
  const navigate = useNavigate();
  const [, tokeniser] = useMutation<TokeniserCarteMutation, TokeniserCarteMutationVariables>(TokeniserCarteDocument);
  const [, passer] = useMutation<PasserCommandeMutation, PasserCommandeMutationVariables>(PasserCommandeDocument);
  const [adresse, setAdresse] = useState<AdresseText>({
    nomComplet: session?.compte.nom ?? '',
    ligne1: '',
    ligne2: '',
    codePostal: '',
    ville: '',
    pays: 'FR',
    telephone: '',
  });
  const [carte, setCarte] = useState<CardInputText>({ numero: '', expiration: '', cvc: '', titulaire: '' });
  const [errors, setErrors] = useState<Errors>({});
  const [general, setGeneral] = useState<UiError | null>(null);
  const [envoi, setEnvoi] = useState(false);
  const enVol = useRef(false);
  const formRef = useRef<HTMLFormElement>(null);

  if (lignes.length === 0) return <Navigate to="/panier" replace />;
  const total = cartTotalCentimes(lignes) / 100;

  const focusFirst = (errs: Errors) => {
    const first = FORM_FIELDS.find((f) => errs[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    if (enVol.current) return; // a double click sends nothing more
    const errs = validateCheckout(adresse, carte) as Errors;
    setErrors(errs);
    setGeneral(null);
    if (Object.keys(errs).length) {
      focusFirst(errs);
      return;
    }
    enVol.current = true;
    setEnvoi(true);
    try {
      const key = checkoutKey(cartFingerprint(lignes));
      const r = await runCheckout<UiError>(
        {
          tokeniser: async (input) => {
            const res = await tokeniser({ input });
            return res.data ? { token: res.data.tokeniserCarte.token } : { error: toUiError(res.error, FORM_FIELDS)! };
          },
          passer: async (input) => {
            const res = await passer({ input });
            return res.data ? { id: res.data.passerCommande.id } : { error: toUiError(res.error, FORM_FIELDS)! };
          },
        },
        key,
        lignes.map((l) => ({ parfumId: l.parfumId, quantite: l.quantite })),
        adresse,
        carte,
      );
      if (r.ok) {
        finishCheckout();
        setPendingOrder(r.commandeId);
        navigate(`/commandes/${r.commandeId}?confirmation=1`);
        return;
      }
      setErrors(r.error.fields);
      setGeneral(r.error.message ? r.error : null);
      focusFirst(r.error.fields);
    } finally {
      enVol.current = false;
      setEnvoi(false);
    }
  };

  const setA = (k: keyof AdresseText) => (e: { target: { value: string } }) => setAdresse((a) => ({ ...a, [k]: e.target.value }));
  const setC = (k: keyof CardInputText) => (e: { target: { value: string } }) => setCarte((c) => ({ ...c, [k]: e.target.value }));
  const marque = cardBrand(carte.numero);

  return (
    <section className="paiement">
      <h1>Livraison et paiement</h1>
      <div className="paiement-grille">
        <form ref={formRef} onSubmit={onSubmit} noValidate data-testid="form-paiement" aria-describedby="paiement-erreur">
          <fieldset>
            <legend>Adresse de livraison</legend>
            <Field label="Nom complet" name="nomComplet" autoComplete="name" value={adresse.nomComplet} onChange={setA('nomComplet')} error={errors.nomComplet} required />
            <Field label="Adresse" name="ligne1" autoComplete="address-line1" value={adresse.ligne1} onChange={setA('ligne1')} error={errors.ligne1} required />
            <Field label="Complément d’adresse (facultatif)" name="ligne2" autoComplete="address-line2" value={adresse.ligne2} onChange={setA('ligne2')} error={errors.ligne2} />
            <div className="ligne-champs">
              <Field label="Code postal" name="codePostal" autoComplete="postal-code" inputMode="numeric" value={adresse.codePostal} onChange={setA('codePostal')} error={errors.codePostal} required />
              <Field label="Ville" name="ville" autoComplete="address-level2" value={adresse.ville} onChange={setA('ville')} error={errors.ville} required />
            </div>
            <div className="ligne-champs">
              <SelectField label="Pays" name="pays" value={adresse.pays} onChange={setA('pays')} error={errors.pays}>
                {PAYS.map(([code, nom]) => (
                  <option key={code} value={code}>
                    {nom}
                  </option>
                ))}
              </SelectField>
              <Field label="Téléphone (facultatif)" name="telephone" type="tel" autoComplete="tel" value={adresse.telephone} onChange={setA('telephone')} error={errors.telephone} />
            </div>
          </fieldset>
          <fieldset>
            <legend>Carte bancaire</legend>
            <Field
              label="Numéro de carte"
              name="numero"
              autoComplete="cc-number"
              inputMode="numeric"
              value={carte.numero}
              onChange={(e) => setCarte((c) => ({ ...c, numero: formatCardNumber(e.target.value) }))}
              error={errors.numero}
              hint={marque ? `Carte ${marque}` : 'Carte de test : 4242 4242 4242 4242'}
              required
            />
            <div className="ligne-champs">
              <Field label="Expiration (MM/AA)" name="expiration" autoComplete="cc-exp" placeholder="MM/AA" value={carte.expiration} onChange={setC('expiration')} error={errors.expiration} required />
              <Field label="Code de sécurité" name="cvc" autoComplete="cc-csc" inputMode="numeric" maxLength={4} value={carte.cvc} onChange={setC('cvc')} error={errors.cvc} required />
            </div>
            <Field label="Titulaire de la carte" name="titulaire" autoComplete="cc-name" value={carte.titulaire} onChange={setC('titulaire')} error={errors.titulaire} required />
          </fieldset>
          {general && (
            <div className="alerte alerte-erreur" role="alert" id="paiement-erreur" data-testid="paiement-erreur">
              <p>{general.message}</p>
              {general.code === 'FAILED_PRECONDITION' && <Link to="/panier">Modifier le panier</Link>}
            </div>
          )}
          <button type="submit" className="btn btn-principal btn-large" disabled={envoi} aria-busy={envoi} data-testid="payer">
            {envoi ? 'Paiement en cours…' : `Payer ${formatPrix(total)}`}
          </button>
          <p className="aide">Le numéro de votre carte est transmis de façon sécurisée et n’est jamais conservé.</p>
        </form>
        <aside className="recap" aria-label="Récapitulatif">
          <h2>Récapitulatif</h2>
          <ul>
            {lignes.map((l) => (
              <li key={l.parfumId}>
                <span>
                  {l.quantite} × {l.nom}
                </span>
                <span>{formatPrix((Math.round(l.prix * 100) * l.quantite) / 100)}</span>
              </li>
            ))}
          </ul>
          <p className="recap-total">
            <span>Total</span>
            <strong data-testid="recap-total">{formatPrix(total)}</strong>
          </p>
        </aside>
      </div>
    </section>
  );
}
