import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { registerServiceWorker, serviceWorkerSupported } from './lib/service-worker.ts';
import './styles/app.css';

const root = document.getElementById('root');
if (!root) throw new Error('index.html must contain <div id="root">');

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

// The worker shows pushed pages even while no console tab is open, so it is installed on
// every visit, not only when push is switched on.
if (serviceWorkerSupported() && window.isSecureContext) {
  registerServiceWorker().catch((error: unknown) => {
    console.warn('Service worker registration failed; push notifications will not show.', error);
  });
}
