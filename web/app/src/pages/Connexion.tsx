import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation } from 'urql';
import { ConnexionDocument } from '../graphql/documents';
import type { ConnexionMutation, ConnexionMutationVariables } from '../graphql/generated';
import { Field } from '../components/Field';
import { useAuth } from '../lib/AuthContext';
import { toUiError } from '../lib/errors';
import { useTitle } from '../lib/useTitle';

/** Only an in-app path: never send the customer to another site after signing in. */
export const safeRetour = (r: string | null): string => (r && r.startsWith('/') && !r.startsWith('//') ? r : '/compte');

export default function Connexion() {
  useTitle('Connexion');
  const [params] = useSearchParams();
  const retour = safeRetour(params.get('retour'));
  const { connecter, finRaison } = useAuth();
  const navigate = useNavigate();
  const [email, setEmail] = useState('');
  const [motDePasse, setMotDePasse] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState('');
  const [res, connexion] = useMutation<ConnexionMutation, ConnexionMutationVariables>(ConnexionDocument);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!email.trim()) errs.email = 'Saisissez votre adresse e-mail.';
    else if (!/^[^@\s]+@[^@\s]+$/.test(email.trim())) errs.email = 'Adresse e-mail invalide.';
    if (!motDePasse) errs.motDePasse = 'Saisissez votre mot de passe.';
    setErrors(errs);
    setGeneral('');
    if (Object.keys(errs).length) return;
    const r = await connexion({ input: { email: email.trim(), motDePasse } });
    if (r.data) {
      connecter(r.data.connexion);
      navigate(retour, { replace: true });
      return;
    }
    const ui = toUiError(r.error, ['email', 'motDePasse']);
    if (ui) {
      setErrors(ui.fields);
      setGeneral(ui.code === 'UNAUTHENTICATED' ? 'E-mail ou mot de passe incorrect.' : ui.message);
    }
  };

  return (
    <section className="formulaire-page">
      <h1>Connexion</h1>
      {finRaison === 'expiree' && (
        <p className="alerte" role="status" data-testid="session-expiree">
          Votre session a expiré. Reconnectez-vous pour continuer.
        </p>
      )}
      {params.get('retour') === '/commande' && <p className="aide">Connectez-vous pour finaliser votre commande.</p>}
      <form onSubmit={onSubmit} noValidate data-testid="form-connexion">
        <Field label="E-mail" name="email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={errors.email} required />
        <Field label="Mot de passe" name="motDePasse" type="password" autoComplete="current-password" value={motDePasse} onChange={(e) => setMotDePasse(e.target.value)} error={errors.motDePasse} required />
        {general && (
          <p className="alerte alerte-erreur" role="alert" data-testid="connexion-erreur">
            {general}
          </p>
        )}
        <button type="submit" className="btn btn-principal" disabled={res.fetching} data-testid="connexion-valider">
          {res.fetching ? 'Connexion…' : 'Se connecter'}
        </button>
      </form>
      <p>
        Pas encore de compte ? <Link to={`/inscription?retour=${encodeURIComponent(retour)}`}>Créer un compte</Link>
      </p>
    </section>
  );
}
