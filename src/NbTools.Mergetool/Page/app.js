// The mergetool / difftool page. Notebook content arrives as HTML the server sanitised (the same
// rules as `nbtools diff --format html`) or as plain text set with textContent; the page's
// Content-Security-Policy runs this file only, so nothing from a notebook can run here.
'use strict';

(async function () {
  const $ = id => document.getElementById(id);
  const labels = {
    'local': 'Take local', 'remote': 'Take remote', 'local-then-remote': 'Both, local first',
    'remote-then-local': 'Both, remote first', 'base': 'Take base', 'edit': 'Edit'
  };
  let finished = false;
  let state = { mode: 'merge' };

  const post = (path, body) => fetch(path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {})
  });
  const say = text => { $('message').textContent = text; };
  const end = text => {
    finished = true;
    say(text);
    document.querySelectorAll('button, textarea').forEach(e => { e.disabled = true; });
  };

  // Closing the tab ends the session without saving (the command exits 1, nothing written);
  // a reload comes back within the server's grace period and goes on.
  window.addEventListener('pagehide', () => {
    if (!finished) navigator.sendBeacon('api/leave', new Blob(['{}'], { type: 'application/json' }));
  });
  $('close').addEventListener('click', async () => {
    await post('api/close');
    end(state.mode === 'diff' ? 'Closed.' : 'Closed without saving; nothing was written.');
  });

  state = await (await fetch('api/state')).json();
  $('title').textContent = (state.mode === 'diff' ? 'nbtools difftool: ' : 'nbtools mergetool: ') + state.file;
  document.title = $('title').textContent;
  const main = $('main');
  main.textContent = '';

  if (state.mode === 'diff') {
    $('save').hidden = true;
    $('close').textContent = 'Close';
    const frame = document.createElement('iframe');
    frame.setAttribute('sandbox', ''); // no script, no same-origin access, even if the diff held any
    frame.className = 'diff';
    frame.src = 'diff.html';
    main.append(frame);
    return;
  }

  const decisions = state.conflicts.map(() => null);
  const update = () => {
    const left = decisions.filter(d => d === null).length;
    const counter = $('counter');
    counter.textContent = left === 0 ? 'All conflicts resolved' : `${left} of ${decisions.length} conflicts unresolved`;
    counter.dataset.unresolved = String(left);
    counter.classList.toggle('done', left === 0);
    $('save').disabled = finished || left > 0;
  };

  const element = (tag, className, text) => {
    const e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined) e.textContent = text;
    return e;
  };

  const conflictPanel = conflict => {
    const panel = element('section', 'conflict');
    panel.dataset.conflict = String(conflict.index);
    panel.append(element('h2', '', conflict.title));
    const sides = element('div', 'sides');
    for (const [name, title] of [['base', 'base'], ['local', 'local'], ['remote', 'remote']]) {
      const side = element('div', 'side ' + name);
      side.append(element('h3', '', title));
      const body = element('div', 'content');
      body.innerHTML = conflict[name]; // sanitised by the server
      side.append(body);
      sides.append(side);
    }
    panel.append(sides);
    const choices = element('div', 'choices');
    const editor = element('textarea', 'edit');
    editor.hidden = true;
    editor.value = conflict.edit || '';
    editor.setAttribute('aria-label', conflict.kind === 'metadata' ? 'edited value (JSON; empty removes the key)' : 'edited source');
    editor.addEventListener('input', () => {
      if (decisions[conflict.index] && decisions[conflict.index].choice === 'edit') decisions[conflict.index].text = editor.value;
    });
    for (const choice of conflict.choices) {
      const button = element('button', '', labels[choice] || choice);
      button.type = 'button';
      button.dataset.choice = choice;
      button.addEventListener('click', () => {
        const again = decisions[conflict.index] && decisions[conflict.index].choice === choice;
        decisions[conflict.index] = again ? null : (choice === 'edit' ? { choice, text: editor.value } : { choice });
        choices.querySelectorAll('button').forEach(b => b.classList.toggle('chosen', !again && b === button));
        editor.hidden = again || choice !== 'edit';
        panel.classList.toggle('resolved', !again);
        update();
      });
      choices.append(button);
    }
    panel.append(choices, editor);
    return panel;
  };

  const after = new Map(); // conflicts shown after a cell (metadata, cell type), by cell number
  const shown = new Set();
  for (const conflict of state.conflicts) {
    if (conflict.cell <= 0) main.append(conflictPanel(conflict));
    else if (!state.cells.some(c => c.conflict === conflict.index)) {
      if (!after.has(conflict.cell)) after.set(conflict.cell, []);
      after.get(conflict.cell).push(conflict);
    }
  }
  for (const cell of state.cells) {
    if (cell.conflict >= 0) {
      if (!shown.has(cell.conflict)) {
        shown.add(cell.conflict);
        main.append(conflictPanel(state.conflicts[cell.conflict]));
      }
    } else {
      const section = element('section', 'cell ' + cell.type);
      section.dataset.cell = String(cell.number);
      section.innerHTML = cell.html; // sanitised by the server
      main.append(section);
    }
    for (const conflict of after.get(cell.number) || []) main.append(conflictPanel(conflict));
  }

  $('save').addEventListener('click', async () => {
    const response = await post('api/save', { decisions });
    if (response.ok) {
      const saved = await response.json();
      end('Saved ' + saved.saved + '. You can close this page.');
    } else {
      say('Not saved: ' + await response.text());
    }
  });
  update();
})();
