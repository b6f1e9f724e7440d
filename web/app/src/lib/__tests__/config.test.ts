import { graphqlHttpUrl, graphqlWsUrl } from '../config';

describe('endpoint configuration', () => {
  afterEach(() => {
    delete window.PARFUMERIE_CONFIG;
  });
  it('defaults to /graphql on the same origin', () => {
    expect(graphqlHttpUrl({ href: 'http://boutique.test:3000/parfums/1' } as Location)).toBe('http://boutique.test:3000/graphql');
  });
  it('follows window.PARFUMERIE_CONFIG', () => {
    window.PARFUMERIE_CONFIG = { graphqlUrl: 'https://api.example/gql' };
    expect(graphqlHttpUrl({ href: 'http://x/' } as Location)).toBe('https://api.example/gql');
  });
  it('derives the WebSocket URL', () => {
    expect(graphqlWsUrl('http://h:3000/graphql')).toBe('ws://h:3000/graphql');
    expect(graphqlWsUrl('https://h/graphql')).toBe('wss://h/graphql');
  });
});
