// Subscribes with the graphql-ws client to the GraphQL operation given, prints "ready" once the
// server has taken the subscription (a query sent after it has completed), then prints every
// `next` payload as one JSON line. Usage: node graphql_ws.mjs <ws url> <access token> <operation>
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const [url, token, query] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { access_token: token },
  retryAttempts: 0,
});
const fail = (e) => {
  console.error(JSON.stringify(e));
  process.exit(1);
};
client.subscribe({ query }, {
  next: (value) => console.log(JSON.stringify(value)),
  error: fail,
  complete: () => console.log('complete'),
});
// The server handles a connection's messages in order: once this query completes, the
// subscription above is in place.
client.subscribe({ query: '{ __typename }' }, {
  next: () => {},
  error: fail,
  complete: () => console.log('ready'),
});
