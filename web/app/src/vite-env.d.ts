/// <reference types="vite/client" />

interface Window {
  PARFUMERIE_CONFIG?: { graphqlUrl?: string };
}
