/** The spamgraph web app: urql against the gateway that serves this page. */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Client, Provider, cacheExchange, fetchExchange } from 'urql';
import { App } from './App';
import './styles.css';

// The document cache refetches every query that showed an `Sms` once a mutation returns one,
// so a received message appears in the inbox without hand-written cache updates.
const client = new Client({
  url: '/graphql',
  exchanges: [cacheExchange, fetchExchange],
  preferGetMethod: false,
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Provider value={client}>
      <App />
    </Provider>
  </StrictMode>,
);
