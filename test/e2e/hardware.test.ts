/**
 * The hardware library in a browser: search, a profile's passport, duplicating a built-in into
 * your own profile, a bad value refused with the message under its field, and a delete the
 * service refuses while a scenario uses the profile.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HardwareProfile } from '../../core/model/index.ts';
import { type Lab, openLab } from './harness.ts';

describe('hardware library', () => {
  let lab: Lab;
  beforeAll(async () => {
    lab = await openLab({ route: 'hardware/pentium4-630' });
  });
  afterAll(async () => {
    await lab?.close();
  });

  it('shows a profile passport: what the hardware allows and why not the rest', async () => {
    const page = lab.page;
    await page.getByRole('heading', { name: 'Feature passport' }).waitFor();
    const techniques = page.locator('table', { has: page.locator('caption', { hasText: 'Virtualization techniques' }) });
    const row = (name: RegExp) => techniques.getByRole('row', { name });
    expect(await row(/^binary translation/).getByText('possible', { exact: true }).count()).toBe(1);
    expect(await row(/^hardware-assisted, nested paging/).getByText('not possible').count()).toBe(1);
    await row(/^hardware-assisted, nested paging/).getByText('Lacks hardware virtualization (VT-x/AMD-V).').waitFor();
    await row(/^trap-and-emulate/).getByText(/x86 is not classically virtualizable/).waitFor();
    await lab.shot('hardware');

    await page.getByLabel('Search profiles').fill('power9');
    await expect.poll(() => page.locator('.hw-list li').count()).toBe(1);
    await page.getByLabel('Search profiles').fill('');
    expect(lab.consoleErrors).toEqual([]);
  });

  it('duplicates a built-in profile and shows a bad value under its field', async () => {
    const page = lab.page;
    await lab.goto('hardware/xeon-gold-6142');
    await page.getByRole('button', { name: 'Duplicate' }).click();
    await page.getByLabel('Id of the copy').fill('my-gold');
    await page.getByRole('button', { name: 'Make my copy' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/hardware\/my-gold$/);
    await page.locator('.hw-detail').getByText('yours').waitFor();

    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Cores per socket').fill('-4');
    await page.getByRole('button', { name: 'Save' }).click();
    const field = page.locator('.sc-field', { has: page.getByLabel('Cores per socket') });
    await field.locator('.field-error').waitFor();
    expect(await page.getByLabel('Cores per socket').getAttribute('aria-invalid')).toBe('true');
    await lab.shot('hardware-field-error');
    const stored = (await lab.service.call('catalog.get', { kind: 'profiles', id: 'my-gold' })) as HardwareProfile;
    expect(stored.cpu.coresPerSocket).toBe(16);

    await page.getByLabel('Cores per socket').fill('8');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('heading', { name: 'Feature passport' }).waitFor();
    await expect.poll(async () => ((await lab.service.call('catalog.get', { kind: 'profiles', id: 'my-gold' })) as HardwareProfile).cpu.coresPerSocket).toBe(8);
    expect(lab.consoleErrors).toEqual([]);
  });

  it('shows why a profile a scenario uses cannot be deleted, and deletes it once free', async () => {
    const page = lab.page;
    await lab.service.call('scenarios.create', {
      scenario: {
        schemaVersion: 1, id: 'uses-my-gold', title: 'Uses my gold', durationMs: 100,
        hosts: [{ id: 'h', profile: 'my-gold', hypervisor: 'kvm-qemu' }],
        guests: [{ id: 'g', host: 'h', os: 'linux-6', vcpus: 1, memoryMiB: 1024, mode: 'hw-nested', workload: { id: 'batch-cpu' } }],
      },
    });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alert').getByText(/is used by scenario "uses-my-gold"/).waitFor();
    await lab.service.call('scenarios.remove', { id: 'uses-my-gold' });
    await page.getByRole('button', { name: 'Delete' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Delete' }).click();
    await expect.poll(() => page.url()).toMatch(/#\/hardware$/);
    await expect.poll(() => page.locator('.hw-list').getByText('(copy)').count()).toBe(0);
    expect(lab.consoleErrors).toEqual([]);
  });
});
