// Runtime settings. The server may serve its own /config.js, e.g.
// window.PARFUMERIE_CONFIG = { graphqlUrl: 'https://boutique.example/graphql' };
window.PARFUMERIE_CONFIG = window.PARFUMERIE_CONFIG || {};
