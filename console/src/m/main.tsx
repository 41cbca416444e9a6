import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter } from 'react-router-dom';
import '../light/light.css';
import { MApp } from './MApp';

// The worker's phone view (/m): its own page, without the staff console's antd or charts.
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <BrowserRouter basename="/m">
      <MApp />
    </BrowserRouter>
  </StrictMode>,
);
