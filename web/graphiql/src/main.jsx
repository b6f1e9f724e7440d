// GraphiQL for the endpoint that serves this page: queries and mutations over
// HTTP at the page's own URL, subscriptions over graphql-ws at the same path.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { createClient } from 'graphql-ws';
import 'graphiql/graphiql.css';

const httpUrl = `${location.origin}${location.pathname}`;
const wsUrl = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}${location.pathname}`;

const fetcher = createGraphiQLFetcher({
  url: httpUrl,
  wsClient: createClient({ url: wsUrl, lazy: true, retryAttempts: 0 }),
});

createRoot(document.getElementById('graphiql')).render(
  React.createElement(GraphiQL, { fetcher, defaultEditorToolsVisibility: true }),
);
