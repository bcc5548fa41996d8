// The scan page at the door (/my/events/:id/scan, src/web/tickets/scan-pages.ts). It reads tickets' QR
// codes with the camera (BarcodeDetector where the browser has it, else jsQR served by this site),
// checks each in at once and shows a large green or red answer. When the connection drops it goes
// on against the door list it loaded (ticket digests, codes, names), queues check-ins on this phone
// with the time of each scan (by the server's clock), shows "offline, N waiting", and sends them
// when the connection returns. The server keeps one check-in per ticket, the earliest.
(() => {
  'use strict';
  const root = document.getElementById('scan');
  if (!root) return;
  document.getElementById('scan-noscript')?.remove();
  const words = JSON.parse(root.dataset.words);
  const { csrf, decoder } = root.dataset;
  const keys = { list: `chuanglian.scan.${root.dataset.event}.list`, queue: `chuanglian.scan.${root.dataset.event}.queue` };
  const $ = (id) => document.getElementById(id);
  const say = (name, values = {}) => words[name].replace(/\{(\w+)\}/g, (_, key) => String(values[key] ?? ''));
  const TICKET = /^[0-9a-z]{1,10}-[A-Za-z0-9_-]{22}$/;
  const CODE = /^[A-Za-z0-9]{6}$/;

  let list = read(keys.list);
  /** Check-ins made while offline: { fields: { ticket | registrationId, scannedAt }, id, name }. */
  let queue = read(keys.queue) ?? [];
  let offline = !navigator.onLine;
  let sending = false;
  /** Server time minus this phone's time, so queued scans are dated by the server's clock. */
  let skew = 0;
  let byId = new Map();
  let byTicket = new Map();
  let byCode = new Map();

  function read(key) {
    try {
      return JSON.parse(localStorage.getItem(key) ?? 'null');
    } catch {
      return null;
    }
  }
  function save() {
    try {
      localStorage.setItem(keys.queue, JSON.stringify(queue));
      if (list) localStorage.setItem(keys.list, JSON.stringify(list));
    } catch {
      // Storage full or refused (private mode): the queue still lives in this page.
    }
  }

  function index() {
    byId = new Map(list.entries.map((entry) => [entry.id, entry]));
    byTicket = new Map(list.entries.map((entry) => [entry.ticket, entry]));
    byCode = new Map(list.entries.map((entry) => [entry.code, entry]));
    // Check-ins still waiting to be sent count as made.
    for (const item of queue) {
      const entry = byId.get(item.id);
      if (entry && entry.status !== 'checked_in') {
        entry.status = 'checked_in';
        entry.checkedInAt = item.fields.scannedAt;
        list.count.checkedIn += 1;
      }
    }
  }

  const time = (iso) =>
    new Date(iso).toLocaleTimeString(document.documentElement.lang, { timeZone: list?.event.timezone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

  let clearResult;
  function show(kind, message) {
    const box = $('scan-result');
    box.className = `scan-result scan-${kind}`;
    box.textContent = message;
    clearTimeout(clearResult);
    clearResult = setTimeout(() => {
      box.className = 'scan-result';
      box.textContent = '';
    }, 4000);
  }
  function note(message) {
    const item = document.createElement('li');
    item.textContent = message;
    $('scan-log').prepend(item);
  }
  function showState() {
    const net = $('scan-net');
    net.className = offline ? 'scan-net offline' : 'scan-net';
    net.textContent = offline ? say('offline', { n: queue.length }) : queue.length ? say('sending', { n: queue.length }) : say('online');
    if (list) $('scan-count').textContent = say('count', list.count);
  }

  class SignedOut extends Error {}

  /** Posts one check-in; a network failure throws TypeError, a lost session SignedOut. */
  async function send(fields) {
    const response = await fetch(root.dataset.post, {
      method: 'POST',
      body: new URLSearchParams({ _csrf: csrf, ...fields }),
      credentials: 'same-origin',
      headers: { accept: 'application/json' },
    });
    if (!(response.headers.get('content-type') ?? '').includes('application/json')) throw new SignedOut();
    return response.json();
  }

  /** Takes the server's answer into the local list. */
  function learn(answer) {
    if (!answer.ok || !list) return;
    const entry = byId.get(answer.registration.id);
    if (entry) Object.assign(entry, { status: answer.registration.status, checkedInAt: answer.registration.checkedInAt });
    list.count = answer.count;
    save();
  }

  async function refresh() {
    try {
      const response = await fetch(root.dataset.list, { credentials: 'same-origin', cache: 'no-store', headers: { accept: 'application/json' } });
      if (!(response.headers.get('content-type') ?? '').includes('application/json')) throw new SignedOut();
      const fresh = await response.json();
      skew = Date.parse(fresh.now) - Date.now();
      list = fresh;
      index();
      save();
      offline = false;
      root.dataset.loaded = fresh.now;
    } catch (error) {
      if (error instanceof SignedOut) note(say('signedOut'));
      offline = true;
    }
    showState();
  }

  /** Checks in against the loaded list and queues it: the connection is down. */
  function checkLocally(entry, fields) {
    if (!entry) return show('bad', say('unknown'));
    if (entry.status === 'checked_in') return show('bad', say('again', { name: entry.name, time: time(entry.checkedInAt) }));
    if (entry.status !== 'confirmed') return show('bad', say('noSeat', { name: entry.name, status: words[`st_${entry.status}`] ?? entry.status }));
    const scannedAt = new Date(Date.now() + skew).toISOString();
    Object.assign(entry, { status: 'checked_in', checkedInAt: scannedAt });
    list.count.checkedIn += 1;
    queue.push({ fields: { ...fields, scannedAt }, id: entry.id, name: entry.name });
    save();
    showState();
    show('ok', say('okOffline', { name: entry.name }));
  }

  /** One person at the door, by ticket or registration id; `entry` is theirs in the list if known. */
  async function admit(fields, entry) {
    if (!offline) {
      try {
        const answer = await send(fields);
        learn(answer);
        showState();
        return show(answer.ok && !answer.alreadyCheckedIn ? 'ok' : 'bad', answer.message);
      } catch (error) {
        if (error instanceof SignedOut) note(say('signedOut'));
        offline = true;
        showState();
      }
    }
    if (list) checkLocally(entry, fields);
  }

  async function digest(token) {
    const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token)));
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').slice(0, 16);
  }

  /** What a QR code or the box held: a ticket (token or its whole URL). */
  async function scanned(text) {
    const token = text.trim().replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop();
    if (!TICKET.test(token)) return show('bad', say('unknown'));
    const entry = list && globalThis.crypto?.subtle ? byTicket.get(await digest(token)) : undefined;
    return admit({ ticket: token }, entry);
  }

  /** Sends what was queued offline, oldest first; stops at the first network failure. */
  async function sync() {
    if (sending || queue.length === 0) return;
    sending = true;
    showState();
    try {
      while (queue.length > 0) {
        const item = queue[0];
        const answer = await send(item.fields);
        queue.shift();
        save();
        learn(answer);
        if (!answer.ok) note(`${item.name}: ${answer.message}`);
        else if (answer.alreadyCheckedIn && Date.parse(answer.registration.checkedInAt) < Date.parse(item.fields.scannedAt)) {
          note(say('earlier', { name: item.name, time: time(answer.registration.checkedInAt) }));
        }
      }
      offline = false;
    } catch (error) {
      if (error instanceof SignedOut) note(say('signedOut'));
      offline = true;
    } finally {
      sending = false;
      showState();
    }
  }

  // The box: a ticket's URL or token, the 6-character code under its QR, or part of a name.
  $('scan-manual').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('scan-q');
    const query = input.value.trim();
    const matches = $('scan-matches');
    matches.replaceChildren();
    if (!query) return;
    input.value = '';
    const token = query.replace(/[?#].*$/, '').replace(/\/+$/, '').split('/').pop();
    if (TICKET.test(token)) return void scanned(query);
    const coded = CODE.test(query) ? byCode.get(query.toUpperCase()) : undefined;
    if (coded) return void admit({ registrationId: String(coded.id) }, coded);
    const wanted = query.toLowerCase();
    const found = (list?.entries ?? []).filter((entry) => entry.name.toLowerCase().includes(wanted)).slice(0, 8);
    if (found.length === 0) return show('bad', say('noMatch'));
    for (const entry of found) {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = `${entry.name} · ${words[`st_${entry.status}`] ?? entry.status}`;
      button.addEventListener('click', () => {
        matches.replaceChildren();
        void admit({ registrationId: String(entry.id) }, entry);
      });
      const item = document.createElement('li');
      item.append(button);
      matches.append(item);
    }
  });

  // The camera: BarcodeDetector where the browser has one for QR codes, else jsQR from this site.
  async function detector() {
    if ('BarcodeDetector' in window) {
      try {
        if ((await window.BarcodeDetector.getSupportedFormats()).includes('qr_code')) {
          const barcodes = new window.BarcodeDetector({ formats: ['qr_code'] });
          return async (video) => (await barcodes.detect(video))[0]?.rawValue;
        }
      } catch {
        // Fall through to jsQR.
      }
    }
    await new Promise((resolve, reject) => {
      const script = document.createElement('script');
      script.src = decoder;
      script.onload = resolve;
      script.onerror = reject;
      document.head.append(script);
    });
    const canvas = document.createElement('canvas');
    const context = canvas.getContext('2d', { willReadFrequently: true });
    return async (video) => {
      if (!video.videoWidth) return undefined;
      const scale = Math.min(1, 640 / Math.max(video.videoWidth, video.videoHeight));
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      const image = context.getImageData(0, 0, canvas.width, canvas.height);
      return window.jsQR(image.data, image.width, image.height, { inversionAttempts: 'dontInvert' })?.data;
    };
  }

  async function startCamera() {
    const start = $('scan-start');
    try {
      const video = $('scan-video');
      video.srcObject = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' }, audio: false });
      await video.play();
      const detect = await detector();
      start.hidden = true;
      $('scan-camera').hidden = false;
      // The same code held in front of the camera is one scan; another is read at once.
      let last = { text: '', at: 0 };
      const tick = async () => {
        try {
          const text = await detect(video);
          if (text && !(text === last.text && Date.now() - last.at < 3000)) {
            last = { text, at: Date.now() };
            await scanned(text);
          }
        } catch {
          // A frame that could not be read: try the next.
        }
        setTimeout(() => void tick(), 120);
      };
      void tick();
    } catch {
      show('bad', say('noCamera'));
    }
  }

  if (navigator.mediaDevices?.getUserMedia) {
    const start = $('scan-start');
    start.hidden = false;
    start.addEventListener('click', () => void startCamera());
  }
  window.addEventListener('online', () => {
    offline = false;
    void sync().then(refresh);
  });
  window.addEventListener('offline', () => {
    offline = true;
    showState();
  });
  // Queued check-ins go as soon as they can; the list (people registering at the door, other
  // phones' check-ins) is fetched again every minute, not more: a weak signal is shared by many.
  setInterval(() => void sync(), 10_000);
  setInterval(() => void refresh(), 60_000);
  if (list) index();
  showState();
  void sync().then(refresh);
})();
