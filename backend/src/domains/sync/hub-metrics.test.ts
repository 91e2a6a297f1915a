import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { freshPostgres, testDeps } from '../../../test/helpers.js';
import { createApp } from '../../app.js';

const TOKEN = 'scrape-token-0123456789';

describe('the hub’s Prometheus metrics', () => {
  it('with MOSTRADOR_METRICS_TOKEN set, answer only a scraper that sends it as a bearer token', async () => {
    const app = createApp(await testDeps(await freshPostgres(), { mode: 'hub', metricsToken: TOKEN }));

    const anonymous = await request(app).get('/metrics').expect(401);
    expect(anonymous.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(anonymous.body.code).toBe('metrics-token-required');
    expect(anonymous.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(anonymous.text).not.toContain('mostrador_sync');

    const wrong = await request(app).get('/metrics').set('authorization', `Bearer ${TOKEN}x`).expect(401);
    expect(wrong.body.code).toBe('metrics-token-required');
    await request(app).get('/metrics').set('authorization', TOKEN).expect(401);

    const scraped = await request(app).get('/metrics').set('authorization', `Bearer ${TOKEN}`).expect(200);
    expect(scraped.text).toContain('mostrador_sync_devices_connected 0');
  });

  it('without a token configured, stay readable (for a hub on an internal network)', async () => {
    const app = createApp(await testDeps(await freshPostgres(), { mode: 'hub' }));
    const scraped = await request(app).get('/metrics').expect(200);
    expect(scraped.text).toContain('mostrador_sync_devices_connected 0');
  });
});
