import { useEffect } from 'react';
import { graphqlHttpUrl } from '../lib/config';
import { notifyReconnect, setConnection, useConnection } from '../lib/connection';

const PROBE_MS = 3000;

async function probe(): Promise<boolean> {
  try {
    const url = new URL(graphqlHttpUrl());
    url.searchParams.set('query', '{ __typename }');
    const res = await fetch(url, { headers: { accept: 'application/json' } });
    return res.status < 500;
  } catch {
    return false;
  }
}

// Shown while the server cannot be reached. While it shows, the server is
// probed every few seconds; when it answers, the banner goes and the pages
// re-run their requests.
export function ConnexionBandeau() {
  const etat = useConnection();
  useEffect(() => {
    const off = () => setConnection('perdue');
    window.addEventListener('offline', off);
    return () => window.removeEventListener('offline', off);
  }, []);
  useEffect(() => {
    if (etat === 'ok') return;
    let stop = false;
    const t = window.setInterval(async () => {
      if (!stop && (await probe())) {
        setConnection('ok');
        notifyReconnect();
      }
    }, PROBE_MS);
    return () => {
      stop = true;
      window.clearInterval(t);
    };
  }, [etat]);
  if (etat === 'ok') return null;
  return (
    <div className="bandeau-connexion" role="alert" data-testid="connexion-perdue">
      <span>Connexion au serveur perdue. Nouvelle tentative automatique…</span>
      <button
        type="button"
        className="btn btn-petit"
        onClick={async () => {
          if (await probe()) setConnection('ok');
          notifyReconnect();
        }}
      >
        Réessayer maintenant
      </button>
    </div>
  );
}
