import { chromium } from 'playwright-core';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless','--no-sandbox','--disable-gpu'] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
await page.goto('http://localhost:7150/');
await page.getByRole('button', { name: /enter/i }).click();
await page.goto('http://localhost:7150/catalog/default/component/orders-api');
await page.getByText('ArgoCD overview').waitFor();
console.log(await page.locator('body').ariaSnapshot());
await browser.close();
