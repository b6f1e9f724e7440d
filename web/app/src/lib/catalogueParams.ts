import type { Famille, FiltreParfums, Genre, Ordre, TriParfums } from '../graphql/generated';
import { FAMILLES, GENRES } from './format';

// The catalogue's filters live in the URL (shareable, back button works).

export interface CatalogueFiltres {
  recherche: string;
  marques: string[];
  famille: Famille | '';
  genre: Genre | '';
  prixMin: string;
  prixMax: string;
  enStock: boolean;
  tri: string; // "<TriParfums>_<Ordre>"
}

export const TRIS: Array<{ value: string; label: string }> = [
  { value: 'NOM_ASC', label: 'Nom (A → Z)' },
  { value: 'NOM_DESC', label: 'Nom (Z → A)' },
  { value: 'PRIX_ASC', label: 'Prix croissant' },
  { value: 'PRIX_DESC', label: 'Prix décroissant' },
  { value: 'DATE_CREATION_DESC', label: 'Nouveautés' },
  { value: 'STOCK_DESC', label: 'Stock disponible' },
];

export function readFiltres(p: URLSearchParams): CatalogueFiltres {
  const famille = p.get('famille') ?? '';
  const genre = p.get('genre') ?? '';
  const tri = p.get('tri') ?? 'NOM_ASC';
  return {
    recherche: p.get('q') ?? '',
    marques: p.getAll('marque'),
    famille: famille in FAMILLES ? (famille as Famille) : '',
    genre: genre in GENRES ? (genre as Genre) : '',
    prixMin: p.get('prixMin') ?? '',
    prixMax: p.get('prixMax') ?? '',
    enStock: p.get('enStock') === '1',
    tri: TRIS.some((t) => t.value === tri) ? tri : 'NOM_ASC',
  };
}

export function writeFiltres(f: CatalogueFiltres): URLSearchParams {
  const p = new URLSearchParams();
  if (f.recherche.trim()) p.set('q', f.recherche);
  f.marques.forEach((m) => p.append('marque', m));
  if (f.famille) p.set('famille', f.famille);
  if (f.genre) p.set('genre', f.genre);
  if (f.prixMin) p.set('prixMin', f.prixMin);
  if (f.prixMax) p.set('prixMax', f.prixMax);
  if (f.enStock) p.set('enStock', '1');
  if (f.tri !== 'NOM_ASC') p.set('tri', f.tri);
  return p;
}

const prix = (s: string): number | undefined => {
  if (!s.trim()) return undefined;
  const n = Number(s.replace(',', '.'));
  return Number.isFinite(n) && n >= 0 ? n : undefined;
};

export function toVariables(f: CatalogueFiltres): { filtre: FiltreParfums; tri: TriParfums; ordre: Ordre } {
  const filtre: FiltreParfums = {};
  if (f.recherche.trim()) filtre.recherche = f.recherche.trim();
  if (f.marques.length) filtre.marques = f.marques;
  if (f.famille) filtre.famille = f.famille;
  if (f.genre) filtre.genre = f.genre;
  const min = prix(f.prixMin);
  const max = prix(f.prixMax);
  if (min !== undefined) filtre.prixMin = min;
  if (max !== undefined) filtre.prixMax = max;
  if (f.enStock) filtre.enStock = true;
  const i = f.tri.lastIndexOf('_');
  return { filtre, tri: f.tri.slice(0, i) as TriParfums, ordre: f.tri.slice(i + 1) as Ordre };
}
