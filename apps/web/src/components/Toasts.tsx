import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';

export type ToastTone = 'success' | 'error' | 'info';

interface Toast {
  id: number;
  tone: ToastTone;
  text: string;
}

interface ToastApi {
  show(tone: ToastTone, text: string): void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** How long success and info messages stay, in milliseconds; errors stay until dismissed. */
const AUTO_DISMISS_MS = 6_000;

const TONE_ICONS: Record<ToastTone, string> = { success: '✓', error: '✕', info: 'i' };

let nextId = 1;

/**
 * Provides short messages about the outcome of an action. Errors use role=alert and stay until
 * dismissed, because at 3 a.m. a vanishing error is a missed one.
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);

  const dismiss = useCallback((id: number) => {
    setToasts((current) => current.filter((toast) => toast.id !== id));
  }, []);

  const api = useMemo<ToastApi>(
    () => ({
      show(tone, text) {
        const id = nextId++;
        setToasts((current) => [...current.slice(-4), { id, tone, text }]);
        if (tone !== 'error') setTimeout(() => dismiss(id), AUTO_DISMISS_MS);
      },
    }),
    [dismiss],
  );

  return (
    <ToastContext.Provider value={api}>
      {children}
      <div className="toasts" aria-live="polite">
        {toasts.map((toast) => (
          <div
            key={toast.id}
            className={`toast toast-${toast.tone}`}
            role={toast.tone === 'error' ? 'alert' : 'status'}
          >
            <span className="toast-icon" aria-hidden="true">
              {TONE_ICONS[toast.tone]}
            </span>
            <span className="toast-text">{toast.text}</span>
            <button
              type="button"
              className="toast-close"
              onClick={() => dismiss(toast.id)}
              aria-label="Dismiss message"
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside ToastProvider');
  return api;
}
