import type { StatutCommande } from '../graphql/generated';

// The dashboard's figures, computed from the lists the API returns.

export interface CommandePoint {
  statut: StatutCommande;
  dateCommande: string;
  total: number;
}

export interface Jour {
  jour: string; // YYYY-MM-DD (UTC)
  commandes: number;
  chiffreAffaires: number; // euros, cancelled orders excluded
}

/** Orders and revenue for each of the last `jours` days, oldest first (days without orders included). */
export function parJour(commandes: CommandePoint[], jours: number, now: Date = new Date()): Jour[] {
  const out: Jour[] = [];
  const index = new Map<string, Jour>();
  for (let i = jours - 1; i >= 0; i--) {
    const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - i));
    const j = { jour: d.toISOString().slice(0, 10), commandes: 0, chiffreAffaires: 0 };
    out.push(j);
    index.set(j.jour, j);
  }
  for (const c of commandes) {
    const j = index.get(c.dateCommande.slice(0, 10));
    if (!j) continue;
    j.commandes += 1;
    if (c.statut !== 'ANNULEE') j.chiffreAffaires = Math.round((j.chiffreAffaires + c.total) * 100) / 100;
  }
  return out;
}

export function parStatut(commandes: CommandePoint[]): Record<StatutCommande, number> {
  const r: Record<StatutCommande, number> = { EN_ATTENTE: 0, PAYEE: 0, EXPEDIEE: 0, LIVREE: 0, ANNULEE: 0 };
  commandes.forEach((c) => (r[c.statut] += 1));
  return r;
}

export const SEUIL_STOCK_BAS = 5;

export function stockBas<T extends { stock: number }>(parfums: T[], seuil = SEUIL_STOCK_BAS): T[] {
  return parfums.filter((p) => p.stock <= seuil).sort((a, b) => a.stock - b.stock);
}
