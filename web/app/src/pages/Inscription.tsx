import { useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { useMutation } from 'urql';
import { InscriptionDocument } from '../graphql/documents';
import type { InscriptionMutation, InscriptionMutationVariables } from '../graphql/generated';
import { Field } from '../components/Field';
import { useAuth } from '../lib/AuthContext';
import { toUiError } from '../lib/errors';
import { useTitle } from '../lib/useTitle';
import { safeRetour } from './Connexion';

const FIELDS = ['nom', 'email', 'motDePasse'];

export function validateInscription(v: { nom: string; email: string; motDePasse: string }): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.nom.trim()) e.nom = 'Saisissez votre nom.';
  if (!v.email.trim()) e.email = 'Saisissez votre adresse e-mail.';
  else if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email.trim())) e.email = 'Adresse e-mail invalide, par exemple nom@exemple.fr.';
  if (v.motDePasse.length < 8) e.motDePasse = 'Au moins 8 caractères.';
  else if (v.motDePasse.length > 128) e.motDePasse = 'Au plus 128 caractères.';
  return e;
}

export default function Inscription() {
  useTitle('Créer un compte');
  const [params] = useSearchParams();
  const retour = safeRetour(params.get('retour'));
  const { connecter } = useAuth();
  const navigate = useNavigate();
  const [v, setV] = useState({ nom: '', email: '', motDePasse: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState('');
  const [res, inscription] = useMutation<InscriptionMutation, InscriptionMutationVariables>(InscriptionDocument);

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const errs = validateInscription(v);
    setErrors(errs);
    setGeneral('');
    if (Object.keys(errs).length) return;
    const r = await inscription({ input: { nom: v.nom.trim(), email: v.email.trim(), motDePasse: v.motDePasse } });
    if (r.data) {
      connecter(r.data.inscription);
      navigate(retour, { replace: true });
      return;
    }
    const ui = toUiError(r.error, FIELDS);
    if (ui) {
      if (ui.code === 'ALREADY_EXISTS') setErrors({ email: 'Un compte existe déjà avec cette adresse e-mail.' });
      else {
        setErrors(ui.fields);
        setGeneral(ui.message);
      }
    }
  };
  const set = (k: keyof typeof v) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));

  return (
    <section className="formulaire-page">
      <h1>Créer un compte</h1>
      <form onSubmit={onSubmit} noValidate data-testid="form-inscription">
        <Field label="Nom" name="nom" autoComplete="name" value={v.nom} onChange={set('nom')} error={errors.nom} required />
        <Field label="E-mail" name="email" type="email" autoComplete="email" value={v.email} onChange={set('email')} error={errors.email} required />
        <Field label="Mot de passe" name="motDePasse" type="password" autoComplete="new-password" value={v.motDePasse} onChange={set('motDePasse')} error={errors.motDePasse} hint="8 caractères au moins." required />
        {general && (
          <p className="alerte alerte-erreur" role="alert" data-testid="inscription-erreur">
            {general}
          </p>
        )}
        <button type="submit" className="btn btn-principal" disabled={res.fetching} data-testid="inscription-valider">
          {res.fetching ? 'Création…' : 'Créer mon compte'}
        </button>
      </form>
      <p>
        Déjà client ? <Link to={`/connexion?retour=${encodeURIComponent(retour)}`}>Se connecter</Link>
      </p>
    </section>
  );
}
