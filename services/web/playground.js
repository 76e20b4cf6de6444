// The clinverify playground: two views over the server's JSON API (services/playground.py).
// Verify a trace (the answer carries the trace view, rendered by the server as in the HTML
// report) and compute a calculator from a form generated from the JSON Schema of its inputs.
// Every check of the input is the server's: its errors name the field and the limit, and
// are shown beside the field they name.
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var TOKEN_KEY = 'clinverify-token';
  var calculators = [];
  var current = null;  // the described calculator of the calculator view
  var describing = null;  // the calculator being fetched: asked for again (the catalogue loaded), it is not rebuilt

  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (k === 'text') e.textContent = attrs[k];
      else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
    });
    (children || []).forEach(function (c) { if (c) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c); });
    return e;
  }

  function api(method, path, body) {
    var headers = {};
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    var token = sessionStorage.getItem(TOKEN_KEY);
    if (token) headers.Authorization = 'Bearer ' + token;
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        return r.json().catch(function () { return { error: { message: 'HTTP ' + r.status } }; }).then(function (data) {
          if (r.status === 401) $('auth').hidden = false;
          return { ok: r.ok, status: r.status, data: data };
        });
      })
      .catch(function (e) { return { ok: false, status: 0, data: { error: { message: 'the server cannot be reached (' + e.message + ')' } } }; });
  }

  // -- errors: the message, each field's problem beside the field -------------------------
  function clearErrors(form, box) {
    box.textContent = '';
    form.querySelectorAll('.field.invalid').forEach(function (f) { f.classList.remove('invalid'); });
    form.querySelectorAll('.problem').forEach(function (p) { p.remove(); });
    form.querySelectorAll('[aria-invalid]').forEach(function (i) { i.removeAttribute('aria-invalid'); });
  }

  function showError(form, box, err) {
    clearErrors(form, box);
    err = err || {};
    box.appendChild(el('p', { text: err.message || 'the request failed' }));
    var fields = err.fields || [];
    if (fields.length) {
      box.appendChild(el('ul', {}, fields.map(function (f) { return el('li', { text: f.field + ': ' + f.description }); })));
    }
    fields.forEach(function (f) {
      var name = String(f.field).replace(/^entities\./, '');
      var wrap = form.querySelector('.field[data-field="' + CSS.escape(name) + '"]') ||
        form.querySelector('.field[data-field="' + CSS.escape(String(f.field)) + '"]');
      if (!wrap) return;
      wrap.classList.add('invalid');
      wrap.appendChild(el('span', { class: 'problem', text: f.description }));
      var input = wrap.querySelector('input,select,textarea');
      if (input) input.setAttribute('aria-invalid', 'true');
    });
  }

  // -- views ------------------------------------------------------------------------------
  function route() {
    var h = decodeURIComponent(location.hash.slice(1));
    var calc = h === 'calc' || h.indexOf('calc=') === 0;
    if (!calc && h !== 'verify' && h !== '') return;  // a link inside the trace view
    $('verify-page').hidden = calc;
    $('calc-page').hidden = !calc;
    $('nav-verify').classList.toggle('active', !calc);
    $('nav-calc').classList.toggle('active', calc);
    if (calc) {
      var key = h.slice(5) || $('c-calculator').value || (calculators[0] && calculators[0].id);
      if (key && key !== describing && (!current || current.id !== key)) describe(key);
    }
  }

  function loadCalculators() {
    return api('GET', '/api/calculators').then(function (r) {
      if (!r.ok) { showError($('verify-form'), $('verify-errors'), r.data.error); return; }
      calculators = r.data.calculators;
      var v = $('v-calculator');
      calculators.forEach(function (c) { v.appendChild(el('option', { value: c.id, text: label(c) })); });
      fillCalcSelect('');
      route();
    });
  }

  function label(c) { return c.name + ' (' + c.id + (c.medcalc_id ? ', MedCalc-Bench ' + c.medcalc_id : '') + ')'; }

  function fillCalcSelect(filter) {
    var s = $('c-calculator'), keep = s.value, f = filter.trim().toLowerCase();
    s.textContent = '';
    calculators.filter(function (c) {
      return !f || label(c).toLowerCase().indexOf(f) >= 0 || (c.category || '').toLowerCase().indexOf(f) >= 0;
    }).forEach(function (c) { s.appendChild(el('option', { value: c.id, text: label(c), selected: c.id === keep })); });
  }

  // -- verify -----------------------------------------------------------------------------
  function verify(ev) {
    ev.preventDefault();
    var form = $('verify-form'), box = $('verify-errors');
    var body = {};
    ['trace', 'calculator', 'answer', 'reference', 'question', 'patient_note'].forEach(function (k) {
      var v = form.elements[k].value;
      if (v.trim()) body[k] = v;
    });
    var ent = form.elements.entities.value.trim();
    if (ent) {
      try { body.entities = JSON.parse(ent); } catch (e) {
        $('v-more').open = true;
        showError(form, box, { message: 'entities: not valid JSON (' + e.message + ')', fields: [{ field: 'entities', description: 'not valid JSON: ' + e.message }] });
        return;
      }
    }
    form.classList.add('busy');
    api('POST', '/api/verify', body).then(function (r) {
      form.classList.remove('busy');
      if (!r.ok) {
        if ((r.data.error && r.data.error.fields || []).some(function (f) { return /^(entities|patient_note)/.test(f.field); })) $('v-more').open = true;
        showError(form, box, r.data.error);
        $('verify-result').textContent = '';
        $('verify-legend').hidden = true;
        return;
      }
      clearErrors(form, box);
      $('verify-legend').hidden = false;
      $('verify-result').innerHTML = r.data.html;  // built and escaped by the server (report_html.trace_html)
    });
  }

  function example() {
    var f = $('verify-form').elements;
    f.trace.value = 'The patient is 87 years old, weighs 48 kg and has a serum creatinine of 1.4 mg/dL.\n' +
      'Cockcroft-Gault: CrCl = (140 - age) x weight / (72 x creatinine).\n' +
      'CrCl = (140 - 87) x 48 / (72 x 1.4) = 35.2 mL/min.\n' +
      'The creatinine clearance is 35.2 mL/min.';
    f.calculator.value = 'cockcroft_gault';
    f.answer.value = '';
    f.question.value = "What is the patient's Creatinine Clearance using the Cockroft-Gault Equation in terms of mL/min?";
  }

  // -- calculators ------------------------------------------------------------------------
  function describe(key) {
    describing = key;
    api('GET', '/api/calculators/' + encodeURIComponent(key)).then(function (r) {
      if (describing !== key) return;  // another calculator was asked for since
      describing = null;
      var info = $('calc-info');
      info.textContent = '';
      $('calc-result').textContent = '';
      if (!r.ok) {
        current = null;
        $('calc-form').hidden = true;
        info.appendChild(el('div', { class: 'errors' }, [el('p', { text: r.data.error.message })]));
        return;
      }
      current = r.data;
      if ($('c-calculator').value !== current.id) { $('c-filter').value = ''; fillCalcSelect(''); $('c-calculator').value = current.id; }
      info.appendChild(el('div', { class: 'info' }, [
        el('h2', { text: current.name }),
        current.description ? el('p', { text: current.description }) : null,
        current.citations.length ? el('p', {}, ['Sources:']) : null,
        current.citations.length ? el('ol', { class: 'citations' }, current.citations.map(citation)) : null,
        current.notes.length ? el('p', { class: 'hint', text: current.notes.join(' ') }) : null,
      ]));
      buildForm(current.input_schema);
      $('calc-form').hidden = false;
      clearErrors($('calc-form'), $('calc-errors'));
    });
  }

  function citation(c) {
    var li = el('li', { text: c.text + ' ' });
    if (c.doi) li.appendChild(el('a', { href: 'https://doi.org/' + c.doi, rel: 'noreferrer', text: 'doi:' + c.doi }));
    if (c.pmid) { li.appendChild(document.createTextNode(' ')); li.appendChild(el('a', { href: 'https://pubmed.ncbi.nlm.nih.gov/' + c.pmid + '/', rel: 'noreferrer', text: 'PMID ' + c.pmid })); }
    return li;
  }

  function fmt(x) { return String(+x.toPrecision(6)); }

  // One form field per declared input, from its JSON Schema (services/input_schema.py).
  function field(name, s, required) {
    var id = 'in-' + name, kind = s['x-kind'], wrap = el('div', { class: 'field', 'data-field': name, 'data-kind': kind });
    var title = [s.title || name, required ? el('span', { class: 'req', text: ' required' }) : null];
    var hint = s.description || '';
    if (kind === 'flag') {
      wrap.classList.add('check');
      wrap.appendChild(el('input', { type: 'checkbox', id: id, name: name, checked: !!s.default }));
      wrap.appendChild(el('label', { for: id }, [' ' + (s.title || name)]));
      wrap.appendChild(el('span', { class: 'hint', text: hint }));
      return wrap;
    }
    wrap.appendChild(el('label', { for: id }, title));
    if (s.enum) {
      var sel = el('select', { id: id, name: name });
      if (!required || s.default === undefined) sel.appendChild(el('option', { value: '', text: required ? '– choose –' : '– not given –' }));
      s.enum.forEach(function (o) { sel.appendChild(el('option', { value: o, text: o, selected: o === s.default })); });
      wrap.appendChild(sel);
    } else if (kind === 'date') {
      wrap.appendChild(el('input', { id: id, name: name, placeholder: 'MM/DD/YYYY or YYYY-MM-DD' }));
    } else if (s.anyOf) {  // a number with units to choose
      var units = s.anyOf[1].properties.unit.enum, range = s['x-range'];
      var box = el('div', { class: 'number' }, [el('input', { id: id, name: name, inputmode: 'decimal', autocomplete: 'off' })]);
      var u = el('select', { name: name + '.unit', 'aria-label': (s.title || name) + ' unit' });
      units.forEach(function (x) { u.appendChild(el('option', { value: x, text: x })); });
      box.appendChild(u);
      wrap.appendChild(box);
      hint = 'plausible range ' + fmt(range[0]) + '–' + fmt(range[1]) + ' ' + s['x-unit'] + ' (another unit is converted first)';
      if (s.description) hint = s.description.split(';')[0] + '; ' + hint;
    } else {  // a number without a unit (a count, a score, a ratio)
      wrap.appendChild(el('input', { id: id, name: name, inputmode: 'decimal', autocomplete: 'off' }));
    }
    wrap.appendChild(el('span', { class: 'hint', text: hint }));
    return wrap;
  }

  function buildForm(schema) {
    var box = $('calc-fields');
    box.textContent = '';
    var req = schema.required || [];
    Object.keys(schema.properties).forEach(function (name) { box.appendChild(field(name, schema.properties[name], req.indexOf(name) >= 0)); });
  }

  function numberOrText(text) {
    var t = text.trim();
    return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) ? Number(t) : t;  // anything else: the server names what is wrong
  }

  function collect() {
    var entities = {};
    $('calc-fields').querySelectorAll('.field').forEach(function (wrap) {
      var name = wrap.getAttribute('data-field'), kind = wrap.getAttribute('data-kind');
      var input = wrap.querySelector('[name="' + CSS.escape(name) + '"]');
      if (kind === 'flag') { entities[name] = input.checked; return; }
      if (!input.value.trim()) return;
      var unit = wrap.querySelector('[name="' + CSS.escape(name + '.unit') + '"]');
      if (kind === 'number') {
        var v = numberOrText(input.value);
        entities[name] = unit ? (typeof v === 'number' ? [v, unit.value] : v + ' ' + unit.value) : v;
      } else entities[name] = input.value.trim();
    });
    return entities;
  }

  function compute(ev) {
    ev.preventDefault();
    if (!current) return;
    var form = $('calc-form'), box = $('calc-errors'), out = $('calc-result');
    form.classList.add('busy');
    api('POST', '/api/compute', { calculator: current.id, entities: collect() }).then(function (r) {
      form.classList.remove('busy');
      out.textContent = '';
      if (!r.ok) { showError(form, box, r.data.error); return; }
      clearErrors(form, box);
      out.appendChild(result(r.data));
    });
  }

  function shown(v) {
    var d = current.output.decimals;
    if (typeof v === 'number') return current.output.type === 'integer' ? String(Math.round(v)) : v.toFixed(d > 0 ? d : (Number.isInteger(v) ? 0 : 3));
    if (v && typeof v === 'object' && 'weeks' in v) return v.weeks + ' weeks, ' + v.days + ' days';
    return String(v);
  }

  function result(d) {
    var box = el('div', { class: 'result', id: 'calc-answer' }, [
      el('div', {}, [current.name + ': ', el('span', { class: 'value', text: shown(d.value) }), ' ' + (d.unit || '')]),
    ]);
    var names = Object.keys(d.intermediates || {});
    if (names.length) {
      box.appendChild(el('table', {}, [el('tr', {}, [el('th', { text: 'intermediate' }), el('th', { text: 'value' })])].concat(
        names.map(function (k) { return el('tr', {}, [el('td', { text: k }), el('td', { class: 'num', text: fmt(d.intermediates[k]) })]); }))));
    }
    if (d.explanation) {
      box.appendChild(el('p', { text: 'Explanation:' }));
      box.appendChild(el('ol', { class: 'explanation' }, d.explanation.map(function (s) { return el('li', { text: s }); })));
    }
    return box;
  }

  // -- wiring -----------------------------------------------------------------------------
  $('verify-form').addEventListener('submit', verify);
  $('verify-example').addEventListener('click', example);
  $('calc-form').addEventListener('submit', compute);
  $('c-filter').addEventListener('input', function () {
    fillCalcSelect(this.value);
    var v = $('c-calculator').value;
    if (v && (!current || v !== current.id)) location.hash = 'calc=' + v;
  });
  $('c-calculator').addEventListener('change', function () { location.hash = 'calc=' + this.value; });
  $('token-use').addEventListener('click', function () {
    sessionStorage.setItem(TOKEN_KEY, $('token').value.trim());
    $('auth').hidden = true;
    if (!calculators.length) loadCalculators();
  });
  window.addEventListener('hashchange', route);
  route();
  loadCalculators();
})();
