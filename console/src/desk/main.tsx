import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import '../light/light.css';
import { DeskApp } from './DeskApp';

// The partner desk (/desk): a tablet at the cashier. Its own page, without the staff console's antd.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <DeskApp />
  </StrictMode>,
);
