import fs from 'node:fs';
import { createRequire } from 'node:module';
import type { Language } from '../db/schema.js';
import { qrPng } from '../codes/ticket-qr.js';

/** What a poster says, already in the event's language. */
export interface PosterFacts {
  title: string;
  /** The time in the venue's zone, as people write it. */
  when: string;
  place: string;
  organizer: string;
  /** The event's public page: the QR code's text. */
  url: string;
  language: Language;
}

type Style = Record<string, string | number>;
interface Node {
  type: string;
  props: { style?: Style; children?: Array<Node | string> | Node | string; src?: string; width?: number; height?: number };
}
const h = (type: string, style: Style, ...children: Array<Node | string>): Node => ({ type, props: { style, children } });

/**
 * Noto Sans SC (OFL), shipped in the @expo-google-fonts/noto-sans-sc package: whole TTFs, which
 * satori reads (it takes no woff2). Read on the first poster only: 20 MB the API does not hold
 * until someone asks for one. Nothing is fetched at run time.
 */
let fonts: Array<{ name: string; data: Buffer; weight: 400 | 700; style: 'normal' }> | undefined;
function loadFonts() {
  if (!fonts) {
    const require = createRequire(import.meta.url);
    const file = (weight: string) => fs.readFileSync(require.resolve(`@expo-google-fonts/noto-sans-sc/${weight}/NotoSansSC_${weight}.ttf`));
    fonts = [
      { name: 'Noto Sans SC', data: file('400Regular'), weight: 400, style: 'normal' },
      { name: 'Noto Sans SC', data: file('700Bold'), weight: 700, style: 'normal' },
    ];
  }
  return fonts;
}

const BLUE = '#0b57d0';
const INK = '#1f1f1f';

async function toPng(node: Node, width: number, height: number): Promise<Buffer> {
  // satori's element type is React's; a plain object of the same shape is what it reads.
  // Loaded on the first poster (satori takes ~0.1 s to load, which every start-up paid).
  const [{ default: satori }, { Resvg }] = await Promise.all([import('satori'), import('@resvg/resvg-js')]);
  const svg = await satori(node, { width, height, fonts: loadFonts() });
  return Buffer.from(new Resvg(svg, { fitTo: { mode: 'original' } }).render().asPng());
}

const WORDS = {
  scan: { 'zh-CN': '微信扫码，查看详情并报名', en: 'Scan to see the event and register' },
  by: { 'zh-CN': '主办：', en: 'Organized by: ' },
  alliance: { 'zh-CN': '创联 · 五角场创新创业联盟', en: 'chuanglian · Wujiaochang entrepreneurship alliance' },
} as const;

/**
 * A 1080×1920 poster for sharing in WeChat: title, time, place, organizer and a QR code to the
 * event's page, large enough to scan from a phone screen or a printout.
 */
export async function renderPoster(facts: PosterFacts): Promise<Buffer> {
  const say = (key: keyof typeof WORDS) => WORDS[key][facts.language];
  const titleSize = Array.from(facts.title).length > 28 ? 64 : 84;
  const qr = `data:image/png;base64,${qrPng(facts.url, 12).toString('base64')}`;
  const node = h(
    'div',
    { width: 1080, height: 1920, display: 'flex', flexDirection: 'column', background: '#ffffff', fontFamily: 'Noto Sans SC', color: INK },
    h('div', { display: 'flex', background: BLUE, color: '#ffffff', fontSize: 36, padding: '40px 80px' }, say('alliance')),
    h(
      'div',
      { display: 'flex', flexDirection: 'column', padding: '80px 80px 0', flexGrow: 1 },
      h('div', { display: 'block', fontSize: titleSize, fontWeight: 700, lineHeight: 1.25, lineClamp: 4, marginBottom: 48 }, facts.title),
      h('div', { display: 'flex', fontSize: 48, color: BLUE, fontWeight: 700, marginBottom: 24 }, facts.when),
      h('div', { display: 'block', fontSize: 42, lineHeight: 1.35, lineClamp: 2, marginBottom: 24 }, facts.place),
      h('div', { display: 'block', fontSize: 36, color: '#5f6368', lineClamp: 1 }, `${say('by')}${facts.organizer}`),
    ),
    h(
      'div',
      { display: 'flex', flexDirection: 'column', alignItems: 'center', paddingBottom: 90 },
      { type: 'img', props: { src: qr, width: 600, height: 600, style: { width: 600, height: 600 } } },
      h('div', { display: 'flex', fontSize: 40, marginTop: 24 }, say('scan')),
    ),
  );
  return toPng(node, 1080, 1920);
}

/** A 900×383 cover (WeChat's 2.35:1 article cover): the title and the time on the alliance's blue. */
export async function renderCover(facts: PosterFacts): Promise<Buffer> {
  const node = h(
    'div',
    { width: 900, height: 383, display: 'flex', flexDirection: 'column', justifyContent: 'center', background: BLUE, color: '#ffffff', fontFamily: 'Noto Sans SC', padding: '0 60px' },
    h('div', { display: 'block', fontSize: Array.from(facts.title).length > 24 ? 44 : 56, fontWeight: 700, lineHeight: 1.25, lineClamp: 2, marginBottom: 24 }, facts.title),
    h('div', { display: 'flex', fontSize: 30 }, facts.when),
  );
  return toPng(node, 900, 383);
}
