import type { ReactNode } from 'react';
import { Link } from 'react-router-dom';

export function Chargement({ label = 'Chargement…' }: { label?: string }) {
  return (
    <div className="etat" role="status" aria-live="polite" data-testid="chargement">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

export function Erreur({ message, onRetry, children }: { message: string; onRetry?: () => void; children?: ReactNode }) {
  return (
    <div className="etat etat-erreur" role="alert" data-testid="erreur">
      <p>{message}</p>
      <div className="actions">
        {onRetry && (
          <button type="button" className="btn" onClick={onRetry} data-testid="reessayer">
            Réessayer
          </button>
        )}
        {children ?? (
          <Link to="/" className="btn btn-secondaire">
            Retour à la boutique
          </Link>
        )}
      </div>
    </div>
  );
}

export function Vide({ titre, children }: { titre: string; children?: ReactNode }) {
  return (
    <div className="etat etat-vide" data-testid="vide">
      <p className="etat-titre">{titre}</p>
      {children}
    </div>
  );
}
