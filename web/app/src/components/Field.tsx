import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

// A labelled form control with its error message underneath, wired with
// aria-invalid and aria-describedby so screen readers announce the error.

interface Common {
  label: string;
  error?: string;
  hint?: ReactNode;
  name: string;
}

export function Field({ label, error, hint, name, ...rest }: Common & InputHTMLAttributes<HTMLInputElement>) {
  const id = useId();
  const errId = `${id}-err`;
  const hintId = `${id}-hint`;
  const described = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`champ${error ? ' champ-erreur' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} data-testid={`champ-${name}`} {...rest} />
      {hint && (
        <small id={hintId} className="aide">
          {hint}
        </small>
      )}
      {error && (
        <small id={errId} className="message-erreur" data-testid={`erreur-${name}`}>
          {error}
        </small>
      )}
    </div>
  );
}

export function SelectField({ label, error, name, children, ...rest }: Common & SelectHTMLAttributes<HTMLSelectElement>) {
  const id = useId();
  const errId = `${id}-err`;
  return (
    <div className={`champ${error ? ' champ-erreur' : ''}`}>
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? errId : undefined} data-testid={`champ-${name}`} {...rest}>
        {children}
      </select>
      {error && (
        <small id={errId} className="message-erreur" data-testid={`erreur-${name}`}>
          {error}
        </small>
      )}
    </div>
  );
}
