import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { createRouter } from './router';
import { useLanguage } from './stores/language';
import { useSession } from './stores/session';
import './styles.css';

function applyDocumentLanguage(lang: string) {
  document.documentElement.lang = lang;
}
applyDocumentLanguage(useLanguage.getState().lang);
useLanguage.subscribe((state) => applyDocumentLanguage(state.lang));

void useSession.getState().load();

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <RouterProvider router={createRouter()} />
  </StrictMode>,
);
