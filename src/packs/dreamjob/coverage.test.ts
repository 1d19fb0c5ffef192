// Nothing DreamJob-related in ESET's files is silently missed: this reads the files themselves
// (../shared/intel/eset), pulls every IoC out of the sections the pack covers with its own simple
// parsing, and looks for an indicator carrying each one.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { StixObject } from '../../stix/object.js';
import { buildDreamjobPack } from './build.js';
import { literal } from './pattern-text.js';

const ESET = path.resolve('../shared/intel/eset');

function read(file: string): string {
  return readFileSync(path.join(ESET, file), 'utf8');
}

/** The text of the `== title` section of an AsciiDoc file, up to the next `== ` heading. */
function section(file: string, title: string): string {
  const text = read(file);
  const start = text.indexOf(`\n== ${title}\n`);
  assert.ok(start !== -1, `no section "${title}" in ${file}`);
  const end = text.indexOf('\n== ', start + 1);
  return text.slice(start, end === -1 ? undefined : end);
}

/** The lines between the delimiters (---- or longer) of the block under a `=== heading`. */
function block(text: string, heading: string): string[] {
  const start = text.indexOf(`=== ${heading}`);
  assert.ok(start !== -1, `no heading "${heading}"`);
  const lines = text.slice(start).split('\n');
  const open = lines.findIndex((line) => /^-{4,}$/.test(line));
  const close = lines.findIndex((line, index) => index > open && /^-{4,}$/.test(line));
  return lines.slice(open + 1, close).filter((line) => line.trim() !== '');
}

function refang(value: string): string {
  return value.replaceAll('[.]', '.').replace(/^hxxp/, 'http');
}

function sha1s(text: string): string[] {
  // Certificate thumbprints are 40 hex digits too; they are checked as certificates.
  return [...text.matchAll(/^(?!Thumbprint).*$/gm)]
    .flatMap((line) => line[0].match(/\b[0-9A-Fa-f]{40}\b/g) ?? [])
    .map((hash) => hash.toLowerCase());
}

function thumbprints(text: string): string[] {
  return [...text.matchAll(/^Thumbprint: ([0-9a-f]{40})$/gm)].map((match) => match[1] as string);
}

/** Defanged URLs: ESET defangs the IoCs, never its links to the reports. */
function urls(text: string): string[] {
  return [...text.matchAll(/\bhttps?:\/\/(?:[^\s+`[]|\[\.\])*\[\.\](?:[^\s+`[]|\[\.\])*/g)].map((match) =>
    refang(match[0]),
  );
}

/** Backquoted values of a table: `46.105.57[.]169`, `od[.]lk`. */
function quoted(text: string): string[] {
  return [...text.matchAll(/`([^`]+)`/g)].map((match) => match[1] as string);
}

const IPV4 = /^\d{1,3}(?:\.\d{1,3}){2}\[\.\]\d{1,3}$/;
const DOMAIN = /^[a-z0-9.-]+\[\.\][a-z]+$/;

/** The samples table's file names: the second column of its rows, when it is not N/A. */
function tableFileNames(text: string): string[] {
  return text
    .split('\n')
    .filter((line) => /^\| `[0-9A-F]{40}`/.test(line))
    .map((line) => /^\| `[0-9A-F]{40}` \| (.*?) \|/.exec(line)?.[1] ?? '')
    .filter((cell) => cell !== 'N/A')
    .map((cell) => cell.replaceAll('`', ''));
}

const objects = buildDreamjobPack();
const indicators = objects.filter((object) => object.type === 'indicator');
const patterns = indicators.map((indicator) => String(indicator.pattern));

function withValue(value: string): StixObject | undefined {
  const needle = literal(value);
  return indicators.find((indicator) => String(indicator.pattern).includes(needle));
}

function assertIndicated(values: readonly string[], what: string): void {
  assert.ok(values.length > 0, `found no ${what} to check: the parsing is wrong`);
  for (const value of values) assert.ok(withValue(value), `no indicator for ${what} ${value}`);
}

function assertFiles(paths: readonly string[]): void {
  assert.ok(paths.length > 0);
  for (const file of paths) {
    assert.ok(
      indicators.some((indicator) => indicator.name === `File ${file}`),
      `no indicator for the file ${file}`,
    );
  }
}

describe('every DreamJob IoC of the ESET files has an indicator', () => {
  it('Spanish aerospace company, 2023: samples, files, addresses, domains, URLs', () => {
    const text = section(
      'nukesped_lazarus/README.adoc',
      'Lazarus luring employees with trojanized coding challenges: The case of a Spanish aerospace company',
    );
    const hashes = sha1s(text);
    assert.equal(new Set(hashes).size, 13);
    assertIndicated(hashes, 'SHA-1');
    assertFiles(tableFileNames(text));
    const values = quoted(text);
    assertIndicated(values.filter((v) => IPV4.test(v)).map(refang), 'IP address');
    assertIndicated(values.filter((v) => DOMAIN.test(v)).map(refang), 'domain');
    assertIndicated(urls(text), 'URL');
  });

  it('3CX compromise, DreamJob Linux part: samples, files, addresses, domains, URLs of the README and the MISP event', () => {
    const text = section('nukesped_lazarus/README.adoc', '3CX supply-chain compromise');
    assertIndicated(sha1s(text), 'SHA-1');
    assertFiles(tableFileNames(text));
    const values = quoted(text);
    assertIndicated(values.filter((v) => IPV4.test(v)).map(refang), 'IP address');
    assertIndicated(values.filter((v) => DOMAIN.test(v)).map(refang), 'domain');
    for (const urlPath of values.filter((v) => v.startsWith('/'))) {
      assert.ok(
        patterns.some((pattern) => pattern.startsWith('[url:value') && pattern.includes(`${urlPath}'`)),
        `no URL indicator ending in ${urlPath}`,
      );
    }
    // The MISP event's attributes marked for detection (to_ids): hashes and URLs. Its one
    // tcp:// URL names a bare address, which the IP address indicator covers.
    const misp = JSON.parse(read('nukesped_lazarus/lazarus_3cx.json')) as {
      response: { Event: { Object: { Attribute: { type: string; value: string; to_ids: boolean }[] }[] } }[];
    };
    const attributes = misp.response
      .flatMap((item) => item.Event.Object)
      .flatMap((object) => object.Attribute)
      .filter((attribute) => attribute.to_ids);
    for (const attribute of attributes) {
      if (['md5', 'sha1', 'sha256'].includes(attribute.type))
        assertIndicated([attribute.value], attribute.type);
      else if (attribute.type === 'url' && attribute.value.startsWith('tcp://'))
        assertIndicated([attribute.value.slice('tcp://'.length)], 'IP address');
      else if (attribute.type === 'url') assertIndicated([attribute.value], 'URL');
    }
  });

  it('Amazon-themed campaigns in the Netherlands and Belgium, 2022: samples, rootkit, URLs, mutex', () => {
    const text = section(
      'nukesped_lazarus/README.adoc',
      'Amazon-themed campaigns of Lazarus in the Netherlands and Belgium',
    );
    const hashes = sha1s(text);
    assert.equal(new Set(hashes).size, 13);
    assertIndicated(hashes, 'SHA-1');
    assertIndicated(urls(text), 'URL');
    for (const mutex of block(text, 'Mutexes')) {
      assert.ok(
        patterns.some((pattern) => pattern.startsWith('[mutex:name') && pattern.includes(literal(mutex))),
        `no indicator for the mutex ${mutex}`,
      );
    }
  });

  it('Operation In(ter)ception, 2020: samples, files and folders, URLs', () => {
    const text = read('interception/README.adoc');
    const hashes = sha1s(text);
    assert.equal(new Set(hashes).size, 8);
    assertIndicated(hashes, 'SHA-1');
    const files = block(text, 'Files and folders');
    assert.equal(files.length, 28);
    assertFiles(files);
    const found = urls(text);
    assert.equal(found.length, 59);
    assertIndicated(found, 'URL');
  });

  it('Threat Report Q2 2020, In(ter)ception update: samples, files, URLs', () => {
    const text = section('quarterly_reports/2020_Q2/README.adoc', 'Operation In(ter)ception Update');
    assertIndicated(sha1s(text), 'SHA-1');
    assertFiles(block(text, 'Files and folders'));
    assertIndicated(urls(text), 'URL');
  });

  it('Threat Report Q4 2020, In(ter)ception: samples, files, certificates, scheduled tasks, URLs', () => {
    const text = section('quarterly_reports/2020_Q4/README.adoc', 'Operation In(ter)ception');
    assertIndicated(sha1s(text), 'SHA-1');
    assertFiles(block(text, 'File names'));
    assertIndicated(thumbprints(text), 'certificate thumbprint');
    for (const task of block(text, 'Scheduled Tasks')) {
      assert.ok(
        indicators.some((indicator) => indicator.name === `Scheduled task ${task}`),
        `no indicator for the task ${task}`,
      );
    }
    assertIndicated(urls(text), 'URL');
  });

  it('Threat Report T1 2021, 2 TOY GUYS: samples and certificates', () => {
    const text = section('quarterly_reports/2021_T1/README.adoc', 'Lazarus: 2 TOY GUYS campaign');
    const hashes = sha1s(text);
    assert.equal(new Set(hashes).size, 9);
    assertIndicated(hashes, 'SHA-1');
    const certificates = thumbprints(text);
    assert.equal(certificates.length, 6);
    assertIndicated(certificates, 'certificate thumbprint');
  });

  it('pairs each SHA-1 with the MD5 and SHA-256 on the same line of the folder sample lists', () => {
    for (const folder of [
      'nukesped_lazarus',
      'interception',
      'quarterly_reports/2020_Q2',
      'quarterly_reports/2020_Q4',
      'quarterly_reports/2021_T1',
    ]) {
      const list = (algorithm: string) => read(`${folder}/samples.${algorithm}`).split('\n').filter(Boolean);
      const [sha1, md5, sha256] = [list('sha1'), list('md5'), list('sha256')];
      sha1.forEach((hash, line) => {
        const indicator = withValue(hash);
        if (indicator === undefined) return;
        assert.ok(String(indicator.pattern).includes(literal(md5[line] as string)), `MD5 of ${hash}`);
        assert.ok(String(indicator.pattern).includes(literal(sha256[line] as string)), `SHA-256 of ${hash}`);
      });
    }
  });
});
