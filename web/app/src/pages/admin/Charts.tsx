// Small SVG charts: no chart library, no external assets.

export function Barres({ titre, donnees, format }: { titre: string; donnees: Array<{ label: string; valeur: number }>; format: (v: number) => string }) {
  const max = Math.max(1, ...donnees.map((d) => d.valeur));
  const w = 36;
  const h = 140;
  return (
    <figure className="graphique">
      <figcaption>{titre}</figcaption>
      <svg viewBox={`0 0 ${donnees.length * w} ${h + 34}`} role="img" aria-label={titre} preserveAspectRatio="xMidYMid meet">
        {donnees.map((d, i) => {
          const bh = (d.valeur / max) * h;
          return (
            <g key={d.label}>
              <title>{`${d.label} : ${format(d.valeur)}`}</title>
              <rect x={i * w + 6} y={h - bh + 14} width={w - 12} height={Math.max(bh, d.valeur ? 2 : 0)} rx="3" className="barre" />
              <text x={i * w + w / 2} y={h + 30} textAnchor="middle" className="axe">
                {d.label}
              </text>
              {d.valeur > 0 && (
                <text x={i * w + w / 2} y={h - bh + 10} textAnchor="middle" className="valeur">
                  {d.valeur >= 1000 ? `${Math.round(d.valeur / 100) / 10}k` : Math.round(d.valeur)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
    </figure>
  );
}

const COULEURS = ['#c9a24a', '#3c6aa8', '#7a45a8', '#1f6b3a', '#a3202c'];

export function Repartition({ titre, donnees }: { titre: string; donnees: Array<{ label: string; valeur: number }> }) {
  const total = donnees.reduce((n, d) => n + d.valeur, 0);
  let x = 0;
  return (
    <figure className="graphique">
      <figcaption>{titre}</figcaption>
      <svg viewBox="0 0 300 24" role="img" aria-label={`${titre} : ${donnees.map((d) => `${d.label} ${d.valeur}`).join(', ')}`}>
        {total === 0 && <rect x="0" y="0" width="300" height="24" fill="#e6dcd6" rx="4" />}
        {donnees.map((d, i) => {
          const w = total ? (d.valeur / total) * 300 : 0;
          const r = <rect key={d.label} x={x} y="0" width={w} height="24" fill={COULEURS[i % COULEURS.length]} />;
          x += w;
          return r;
        })}
      </svg>
      <ul className="legende">
        {donnees.map((d, i) => (
          <li key={d.label}>
            <span className="pastille" style={{ background: COULEURS[i % COULEURS.length] }} aria-hidden="true" />
            {d.label} : <strong>{d.valeur}</strong>
          </li>
        ))}
      </ul>
    </figure>
  );
}
