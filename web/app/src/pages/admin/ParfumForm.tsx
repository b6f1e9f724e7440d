import { useState, type FormEvent } from 'react';
import type { CreerParfumInput, Famille, Genre, ParfumDetailFieldsFragment } from '../../graphql/generated';
import { Field, SelectField } from '../../components/Field';
import { FAMILLES, GENRES } from '../../lib/format';

export interface ParfumFormValues {
  nom: string;
  description: string;
  marque: string;
  famille: Famille;
  genre: Genre;
  contenanceMl: string;
  prix: string;
  stock: string;
  image: string;
  tete: string;
  coeur: string;
  fond: string;
}

export const PARFUM_FIELDS = ['nom', 'description', 'marque', 'famille', 'genre', 'contenanceMl', 'prix', 'stock', 'image', 'tete', 'coeur', 'fond'];

export function valeursDe(p?: ParfumDetailFieldsFragment): ParfumFormValues {
  return {
    nom: p?.nom ?? '',
    description: p?.description ?? '',
    marque: p?.marque ?? '',
    famille: p?.famille ?? 'FLORAL',
    genre: p?.genre ?? 'MIXTE',
    contenanceMl: String(p?.contenanceMl ?? 50),
    prix: p ? String(p.prix) : '',
    stock: String(p?.stock ?? 0),
    image: p?.image ?? '',
    tete: p?.notes.tete.join(', ') ?? '',
    coeur: p?.notes.coeur.join(', ') ?? '',
    fond: p?.notes.fond.join(', ') ?? '',
  };
}

const liste = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export function validateParfum(v: ParfumFormValues, creation: boolean): Record<string, string> {
  const e: Record<string, string> = {};
  if (!v.nom.trim()) e.nom = 'Le nom est obligatoire.';
  if (!v.marque.trim()) e.marque = 'La marque est obligatoire.';
  if (!v.description.trim()) e.description = 'La description est obligatoire.';
  const prix = Number(v.prix.replace(',', '.'));
  if (!v.prix.trim() || !Number.isFinite(prix) || prix <= 0) e.prix = 'Un prix positif en euros, par exemple 89,90.';
  else if (Math.round(prix * 100) !== prix * 100 && Math.abs(Math.round(prix * 100) - prix * 100) > 1e-6) e.prix = 'Deux décimales au plus.';
  const ml = Number(v.contenanceMl);
  if (!Number.isInteger(ml) || ml <= 0) e.contenanceMl = 'Une contenance entière en ml.';
  if (creation) {
    const stock = Number(v.stock);
    if (!Number.isInteger(stock) || stock < 0) e.stock = 'Un stock entier, zéro ou plus.';
  }
  return e;
}

export function versInput(v: ParfumFormValues): CreerParfumInput {
  return {
    nom: v.nom.trim(),
    description: v.description.trim(),
    marque: v.marque.trim(),
    famille: v.famille,
    genre: v.genre,
    contenanceMl: Number(v.contenanceMl),
    prix: Number(v.prix.replace(',', '.')),
    stock: Number(v.stock),
    image: v.image.trim() || null,
    notes: { tete: liste(v.tete), coeur: liste(v.coeur), fond: liste(v.fond) },
  };
}

export function ParfumForm({
  initial,
  creation,
  serverErrors,
  envoi,
  onSubmit,
  onCancel,
  children,
}: {
  initial: ParfumFormValues;
  creation: boolean;
  serverErrors: Record<string, string>;
  envoi: boolean;
  onSubmit: (v: ParfumFormValues) => void;
  onCancel: () => void;
  children?: React.ReactNode;
}) {
  const [v, setV] = useState(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const all = { ...serverErrors, ...errors };
  const set = (k: keyof ParfumFormValues) => (e: { target: { value: string } }) => setV((x) => ({ ...x, [k]: e.target.value }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const errs = validateParfum(v, creation);
    setErrors(errs);
    if (!Object.keys(errs).length) onSubmit(v);
  };
  return (
    <form onSubmit={submit} noValidate className="admin-form" data-testid="form-parfum">
      <div className="ligne-champs">
        <Field label="Nom" name="nom" value={v.nom} onChange={set('nom')} error={all.nom} required />
        <Field label="Marque" name="marque" value={v.marque} onChange={set('marque')} error={all.marque} required />
      </div>
      <div className="champ">
        <label htmlFor="pf-description">Description</label>
        <textarea id="pf-description" name="description" rows={3} value={v.description} onChange={set('description')} aria-invalid={all.description ? true : undefined} data-testid="champ-description" />
        {all.description && <small className="message-erreur" data-testid="erreur-description">{all.description}</small>}
      </div>
      <div className="ligne-champs">
        <SelectField label="Famille" name="famille" value={v.famille} onChange={set('famille')} error={all.famille}>
          {Object.entries(FAMILLES).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </SelectField>
        <SelectField label="Genre" name="genre" value={v.genre} onChange={set('genre')} error={all.genre}>
          {Object.entries(GENRES).map(([k, l]) => (
            <option key={k} value={k}>
              {l}
            </option>
          ))}
        </SelectField>
      </div>
      <div className="ligne-champs">
        <Field label="Prix (€)" name="prix" inputMode="decimal" value={v.prix} onChange={set('prix')} error={all.prix} required />
        <Field label="Contenance (ml)" name="contenanceMl" inputMode="numeric" value={v.contenanceMl} onChange={set('contenanceMl')} error={all.contenanceMl} required />
        {creation && <Field label="Stock initial" name="stock" inputMode="numeric" value={v.stock} onChange={set('stock')} error={all.stock} required />}
      </div>
      <Field label="Notes de tête (séparées par des virgules)" name="tete" value={v.tete} onChange={set('tete')} error={all.tete} />
      <Field label="Notes de cœur" name="coeur" value={v.coeur} onChange={set('coeur')} error={all.coeur} />
      <Field label="Notes de fond" name="fond" value={v.fond} onChange={set('fond')} error={all.fond} />
      <Field label="Image (URL, facultatif : sinon le flacon est dessiné)" name="image" value={v.image} onChange={set('image')} error={all.image} />
      {children}
      <div className="actions">
        <button type="submit" className="btn btn-principal" disabled={envoi} data-testid="parfum-enregistrer">
          {creation ? 'Créer le parfum' : 'Enregistrer'}
        </button>
        <button type="button" className="btn btn-secondaire" onClick={onCancel}>
          Annuler
        </button>
      </div>
    </form>
  );
}
