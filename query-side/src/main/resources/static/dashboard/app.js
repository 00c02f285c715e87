/*
 * The sales pipeline dashboard: one page over the HTTP API, with Preact (components, hooks) and ECharts,
 * both loaded from WebJars. No build step: plain JavaScript, `h(...)` instead of JSX.
 *
 * Signing in: the form's user name and password become an HTTP Basic `Authorization` header that this
 * page sends with each of its own fetch calls (credentials: 'omit': no cookie, and no browser login
 * dialog on a 401). They are kept in sessionStorage, i.e. for this tab until it is closed or "Sign out".
 * Reads go to this origin (the query side); commands go to `commandBaseUrl` (GET /api/dashboard), the
 * same origin unless the split deployment configures the command side's URL.
 */
(function () {
    'use strict';

    const { h, render, Fragment } = preact;
    const { useState, useEffect, useRef, useCallback } = preactHooks;

    const STORAGE_KEY = 'sales-pipeline.session';
    const SOURCES = ['SOCIAL_MEDIA', 'GOOGLE_ADS', 'COLD_CALL', 'NETWORKING', 'REFERRAL', 'WEBSITE', 'OTHER'];
    const CHANNELS = ['PHONE', 'MEETING', 'EMAIL', 'VIDEO'];
    const OUTCOMES = ['NO_DECISION', 'NEGOTIATING', 'CHANGES_REQUESTED', 'NO_ANSWER', 'POSITIVE'];
    const LOST_REASONS = ['PRICE', 'COMPETITOR', 'NO_BUDGET', 'NO_DECISION', 'TIMING', 'NEEDS_NOT_MET', 'NO_RESPONSE', 'OTHER'];
    const DISQUALIFICATION_REASONS = ['BUDGET_TOO_LOW', 'ORDER_TOO_SMALL', 'TIMELINE', 'NOT_A_FIT', 'OTHER'];
    const REOPEN_STAGES = ['INQUIRY_RECEIVED', 'CONTACTED', 'OFFER_PREPARATION', 'OFFER_SENT', 'FOLLOW_UP'];
    const GROUP_BY = ['reason', 'stage', 'source', 'owner', 'month', 'competitor'];
    const FLAG_LABELS = {
        NO_NEXT_STEP: 'no next step', NEXT_STEP_OVERDUE: 'next step overdue', OFFER_LATE: 'offer late',
        FOLLOW_UP_OVERDUE: 'follow-up overdue', NO_AFTER_SALES_PLAN: 'no after-sales plan'
    };

    /* ------------------------------------------------------------------ the caller and the API */

    let session = loadSession();

    function loadSession() {
        try {
            return JSON.parse(sessionStorage.getItem(STORAGE_KEY));
        } catch (e) {
            return null;
        }
    }

    function saveSession(value) {
        session = value;
        if (value) {
            sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
        } else {
            sessionStorage.removeItem(STORAGE_KEY);
        }
    }

    function basic(user, password) {
        const bytes = new TextEncoder().encode(user + ':' + password);
        let binary = '';
        bytes.forEach(b => { binary += String.fromCharCode(b); });
        return 'Basic ' + btoa(binary);
    }

    function hasRole(...roles) {
        return !!session && session.roles.some(r => roles.includes(r));
    }

    /** An error answer of the API: its problem+json (RFC 9457) or what stood in for it. */
    class ApiError extends Error {
        constructor(status, problem) {
            super(problem.detail || problem.title || ('HTTP ' + status));
            this.status = status;
            this.problem = problem;
        }
    }

    /**
     * Calls the API. `command: true` sends to the command side. Reads wait for the last command this page
     * sent to be in the read models (minPosition, read-your-writes).
     */
    async function api(path, options = {}) {
        const { method = 'GET', body, command = false, headers = {}, raw } = options;
        let url = (command ? session.commandBaseUrl || '' : '') + path;
        if (!command && method === 'GET' && session.position) {
            url += (url.includes('?') ? '&' : '?') + 'minPosition=' + session.position;
        }
        const request = {
            method, credentials: 'omit', cache: 'no-store',
            headers: Object.assign({ Accept: 'application/json', Authorization: session.auth }, headers)
        };
        if (raw !== undefined) {
            request.body = raw;
        } else if (body !== undefined) {
            request.headers['Content-Type'] = 'application/json';
            request.body = JSON.stringify(body);
        }
        let response;
        try {
            response = await fetch(url, request);
        } catch (e) {
            throw new ApiError(0, { title: 'Service not reachable', detail: String(e.message || e) });
        }
        const type = response.headers.get('Content-Type') || '';
        const data = type.includes('json') ? await response.json().catch(() => null) : await response.text();
        if (!response.ok) {
            const problem = data && typeof data === 'object' ? data
                : { title: 'HTTP ' + response.status, detail: typeof data === 'string' ? data.slice(0, 300) : '' };
            if (response.status === 401 && session && session.auth === request.headers.Authorization && path !== '/api/dashboard') {
                saveSession(null); // the credentials stopped working (changed password): sign in again
                window.dispatchEvent(new Event('signed-out'));
            }
            throw new ApiError(response.status, problem);
        }
        if (command && data && typeof data.position === 'number') {
            session.position = Math.max(session.position || 0, data.position);
            saveSession(session);
        }
        return { data, headers: response.headers, status: response.status };
    }

    /** Loads `load()` whenever `deps` change: [value, error, reload]. */
    function useLoad(load, deps) {
        const [state, setState] = useState({ value: null, error: null, loading: true });
        const counter = useRef(0);
        const run = useCallback(() => {
            const mine = ++counter.current;
            setState(s => ({ value: s.value, error: null, loading: true }));
            load().then(value => {
                if (mine === counter.current) setState({ value, error: null, loading: false });
            }, error => {
                if (mine === counter.current) setState({ value: null, error, loading: false });
            });
        }, deps);
        useEffect(run, [run]);
        return [state.value, state.error, run, state.loading];
    }

    /* ------------------------------------------------------------------ formatting */

    const pad = n => String(n).padStart(2, '0');

    function dateTime(iso) {
        if (!iso) return '—';
        const d = new Date(iso);
        return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + ' ' + pad(d.getHours()) + ':' + pad(d.getMinutes());
    }

    /** An ISO instant as the value of a datetime-local input (local time), and back. */
    function toLocalInput(iso) {
        if (!iso) return '';
        const d = new Date(iso);
        return d.getFullYear() + '-' + pad(d.getMonth() + 1) + '-' + pad(d.getDate()) + 'T' + pad(d.getHours()) + ':' + pad(d.getMinutes());
    }

    function fromLocalInput(value) {
        return value ? new Date(value).toISOString() : '';
    }

    function money(m) {
        return m ? amount(m.amount) + ' ' + m.currency : '—';
    }

    function amount(a) {
        const n = Number(a);
        return Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }) : String(a);
    }

    /** {"PLN": "12000.00", "EUR": "..."} */
    function sums(map) {
        const entries = Object.entries(map || {});
        return entries.length ? entries.map(([c, a]) => amount(a) + ' ' + c).join(' + ') : '—';
    }

    function duration(hours) {
        if (hours === null || hours === undefined) return '—';
        const total = Math.round(hours);
        const days = Math.floor(total / 24);
        return days > 0 ? days + ' d ' + (total % 24) + ' h' : total + ' h';
    }

    const fixed = (x, digits = 1) => x === null || x === undefined ? '—' : Number(x).toFixed(digits);
    const percent = x => x === null || x === undefined ? '—' : (Number(x) * 100).toFixed(1) + ' %';
    const words = s => s ? s.charAt(0) + s.slice(1).toLowerCase().replace(/_/g, ' ') : s;
    const commandLabel = name => name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, c => c.toUpperCase());

    /* ------------------------------------------------------------------ routing (#/page?query) */

    function parseHash() {
        const raw = location.hash.replace(/^#/, '') || '/board';
        const [path, query = ''] = raw.split('?');
        return { path, params: Object.fromEntries(new URLSearchParams(query)) };
    }

    function useRoute() {
        const [route, setRoute] = useState(parseHash());
        useEffect(() => {
            const changed = () => setRoute(parseHash());
            window.addEventListener('hashchange', changed);
            return () => window.removeEventListener('hashchange', changed);
        }, []);
        return route;
    }

    function go(path, params = {}) {
        const query = new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '' && v !== null && v !== undefined)).toString();
        location.hash = '#' + path + (query ? '?' + query : '');
    }

    /* ------------------------------------------------------------------ small pieces */

    function ProblemView({ error }) {
        if (!error) return null;
        const p = error.problem || { title: 'Error', detail: String(error.message || error) };
        return h('div', { class: 'problem', role: 'alert', 'data-status': error.status },
            h('strong', { class: 'problem-title' }, (error.status ? error.status + ' ' : '') + (p.title || 'Error')),
            p.detail ? h('span', { class: 'problem-detail' }, ' — ' + p.detail) : null,
            Array.isArray(p.errors) && p.errors.length ? h('ul', { class: 'field-errors' },
                p.errors.map(e => h('li', { class: 'field-error', 'data-field': e.field }, (e.field ? e.field + ': ' : '') + e.message))) : null,
            Array.isArray(p.allowedCommands) ? h('div', { class: 'problem-allowed' },
                'Allowed now: ' + (p.allowedCommands.join(', ') || 'none')) : null);
    }

    function Select({ name, value, options, onChange, empty, labels }) {
        return h('select', { name, value: value || '', onChange: e => onChange(e.target.value) },
            empty !== undefined ? h('option', { value: '' }, empty) : null,
            options.map(o => h('option', { value: o }, labels && labels[o] ? labels[o] : words(o))));
    }

    function Field({ label, children }) {
        return h('label', { class: 'field' }, h('span', null, label), children);
    }

    /* ------------------------------------------------------------------ sign-in */

    function SignIn({ onSignedIn }) {
        const [user, setUser] = useState('');
        const [password, setPassword] = useState('');
        const [error, setError] = useState(null);
        const [busy, setBusy] = useState(false);

        async function submit(e) {
            e.preventDefault();
            setBusy(true);
            setError(null);
            const auth = basic(user.trim(), password);
            try {
                session = { auth };
                const { data } = await api('/api/dashboard');
                saveSession({ auth, user: data.user, roles: data.roles, commandBaseUrl: data.commandBaseUrl || '', position: 0 });
                onSignedIn();
            } catch (err) {
                session = null;
                setError(err.status === 401
                    ? new ApiError(401, { title: 'Not signed in', detail: 'wrong user name or password' })
                    : err);
            } finally {
                setBusy(false);
            }
        }

        return h('main', { class: 'sign-in' },
            h('h1', null, 'Sales pipeline'),
            h('form', { id: 'sign-in', onSubmit: submit },
                h(Field, { label: 'User' }, h('input', { name: 'user', autocomplete: 'username', value: user, required: true,
                    onInput: e => setUser(e.target.value) })),
                h(Field, { label: 'Password' }, h('input', { name: 'password', type: 'password', autocomplete: 'current-password',
                    value: password, required: true, onInput: e => setPassword(e.target.value) })),
                h('button', { type: 'submit', disabled: busy }, 'Sign in'),
                h(ProblemView, { error })));
    }

    /* ------------------------------------------------------------------ the board */

    function usePipelines() {
        const [value] = useLoad(() => api('/api/pipelines').then(r => r.data.pipelines), []);
        return value || [];
    }

    function Board({ params }) {
        const pipelines = usePipelines();
        const filters = { owner: params.owner || '', source: params.source || '', pipeline: params.pipeline || '', at: params.at || '' };
        const query = new URLSearchParams(Object.entries(filters).filter(([, v]) => v)).toString();
        const [board, error, reload, loading] = useLoad(() => api('/api/pipeline' + (query ? '?' + query : '')).then(r => r.data), [query]);
        const set = (name, value) => go('/board', Object.assign({}, filters, { [name]: value }));
        const [registering, setRegistering] = useState(false);

        return h('main', { class: 'board-page' },
            h('div', { class: 'toolbar' },
                h('h1', null, 'Pipeline'),
                h('form', { class: 'filters', id: 'board-filters', onSubmit: e => e.preventDefault() },
                    h(Field, { label: 'Pipeline' }, h(Select, { name: 'pipeline', value: filters.pipeline, empty: 'all pipelines',
                        options: pipelines.map(p => p.key), labels: Object.fromEntries(pipelines.map(p => [p.key, p.name])),
                        onChange: v => set('pipeline', v) })),
                    hasRole('MANAGER', 'ANALYST', 'ADMIN') ? h(Field, { label: 'Owner' }, h('input', { name: 'owner', value: filters.owner,
                        placeholder: 'everyone', onChange: e => set('owner', e.target.value.trim()) })) : null,
                    h(Field, { label: 'Source' }, h(Select, { name: 'source', value: filters.source, empty: 'all sources', options: SOURCES,
                        onChange: v => set('source', v) })),
                    h(Field, { label: 'As of' }, h('input', { name: 'at', type: 'datetime-local', value: toLocalInput(filters.at),
                        onChange: e => set('at', fromLocalInput(e.target.value)) })),
                    filters.at ? h('button', { type: 'button', class: 'link', onClick: () => set('at', '') }, 'now') : null,
                    h('button', { type: 'button', onClick: reload, disabled: loading }, 'Refresh')),
                hasRole('SALES', 'MANAGER', 'ADMIN') ? h('button', { type: 'button', class: 'primary', id: 'new-lead',
                    onClick: () => setRegistering(!registering) }, registering ? 'Close' : 'New lead') : null),
            registering ? h(CommandForm, { spec: REGISTER, pipelines, onDone: result => go('/leads/' + result.leadId),
                onCancel: () => setRegistering(false) }) : null,
            h(ProblemView, { error }),
            board ? h(Fragment, null,
                h('p', { class: 'as-of', id: 'board-at' }, (filters.at ? 'As it stood at ' : 'Now: ') + dateTime(board.at)),
                h('div', { class: 'columns', 'data-pipeline': board.pipeline || '', 'data-at': params.at || '' }, board.stages.map(stage => h(Column, { stage, key: stage.stage })))) : null);
    }

    function Column({ stage }) {
        return h('section', { class: 'column', 'data-stage': stage.stage },
            h('header', null,
                h('h2', { class: 'label', title: stage.stage }, stage.label || words(stage.stage)),
                h('span', { class: 'count', title: 'leads' }, stage.count),
                h('span', { class: 'sum' }, sums(stage.value))),
            stage.leads.map(lead => h(Card, { lead, key: lead.leadId })),
            stage.count > stage.leads.length ? h('p', { class: 'more' }, '+ ' + (stage.count - stage.leads.length) + ' more') : null);
    }

    function Card({ lead }) {
        return h('article', { class: 'card' + (lead.flags.length ? ' flagged' : ''), 'data-lead-id': lead.leadId },
            h('a', { class: 'company', href: '#/leads/' + lead.leadId }, lead.company || '(no company)'),
            h('div', { class: 'value' }, money(lead.value)),
            h('div', { class: 'meta' },
                h('span', { class: 'owner' }, lead.owner),
                h('span', { class: 'time-in-stage', title: 'in this stage since ' + dateTime(lead.enteredStageAt) }, duration(lead.hoursInStage))),
            lead.nextStep ? h('div', { class: 'next-step' }, lead.nextStep.action + ' · ' + dateTime(lead.nextStep.dueAt)) : null,
            lead.flags.length ? h('ul', { class: 'flags' }, lead.flags.map(f => h('li', { class: 'flag', 'data-flag': f }, FLAG_LABELS[f] || f))) : null);
    }

    /* ------------------------------------------------------------------ a lead */

    function LeadPage({ id }) {
        const [data, error, reload] = useLoad(async () => {
            const [lead, history, commands] = await Promise.all([
                api('/api/leads/' + id), api('/api/leads/' + id + '/history'), api('/api/leads/' + id + '/commands')]);
            return { lead: lead.data, history: history.data, commands: commands.data };
        }, [id]);
        const [open, setOpen] = useState(null);
        const [done, setDone] = useState(null);
        const pipelines = usePipelines();

        if (error) return h('main', null, h('p', null, h('a', { href: '#/board' }, '← Board')), h(ProblemView, { error }));
        if (!data) return h('main', null, h('p', { class: 'loading' }, 'Loading…'));
        const { lead, history, commands } = data;
        const pipeline = pipelines.find(p => lead.pipeline && p.key === lead.pipeline.key);
        const stageLabel = stage => {
            const s = pipeline && pipeline.stages.find(x => x.stage === stage);
            return s && s.label ? s.label : words(stage);
        };
        const available = commands.allowedCommands.filter(c => COMMANDS[c] && (!COMMANDS[c].roles || hasRole(...COMMANDS[c].roles)));
        const mayCommand = hasRole('SALES', 'MANAGER', 'ADMIN');

        return h('main', { class: 'lead-page', 'data-lead-id': lead.leadId },
            h('p', null, h('a', { id: 'back-to-board', href: '#/board' + (lead.pipeline ? '?pipeline=' + encodeURIComponent(lead.pipeline.key) : '') }, '← Board')),
            h('header', { class: 'lead-header' },
                h('h1', { id: 'lead-company' }, lead.company ? lead.company.name : '(no company)'),
                h('span', { class: 'stage-badge', id: 'lead-stage', 'data-stage': lead.stage }, stageLabel(lead.stage)),
                h('span', { class: 'version', id: 'lead-version' }, 'version ' + lead.version)),
            h('dl', { class: 'facts' },
                fact('Owner', lead.owner), fact('Source', words(lead.source)),
                fact('Pipeline', lead.pipeline ? (pipeline ? pipeline.name : lead.pipeline.key) + ' v' + lead.pipeline.version : '—'),
                fact('Contact', lead.contact ? [lead.contact.name, lead.contact.email, lead.contact.phone].filter(Boolean).join(' · ') : '—'),
                fact('In stage since', dateTime(lead.stageEnteredAt)),
                fact('Next step', lead.nextStep && lead.nextStep.action ? lead.nextStep.action + ' · ' + dateTime(lead.nextStep.dueAt) : '—'),
                fact('Estimate', lead.qualification ? money(lead.qualification.estimatedValue) : '—'),
                fact('Offer', lead.offer ? money(lead.offer.value) : '—'),
                lead.won ? fact('Won', money(lead.won.finalValue)) : null,
                lead.lost ? fact('Lost', words(lead.lost.reason) + (lead.lost.competitor ? ' (' + lead.lost.competitor + ')' : '')) : null),
            mayCommand ? h('section', { class: 'commands' },
                h('h2', null, 'Next'),
                available.length === 0 ? h('p', null, 'No command is allowed for this lead now.') : null,
                h('div', { class: 'command-buttons' }, available.map(c => h('button', {
                    type: 'button', class: 'command' + (open === c ? ' active' : ''), 'data-command': c,
                    onClick: () => { setDone(null); setOpen(open === c ? null : c); }
                }, COMMANDS[c].label))),
                open ? h(CommandForm, {
                    key: open, spec: COMMANDS[open], leadId: lead.leadId, version: lead.version, pipelines,
                    onDone: result => { setOpen(null); setDone(result); reload(); }, onCancel: () => setOpen(null)
                }) : null,
                done ? h('p', { class: 'done', id: 'command-done' }, 'Recorded: ' + stageLabel(done.stage) + ', version ' + done.version) : null)
                : null,
            h('section', { class: 'timeline-section' },
                h('h2', null, 'Timeline'),
                h('ol', { class: 'timeline' }, history.map(e => h('li', { 'data-type': e.type, 'data-sequence': e.sequence },
                    h('time', { title: 'recorded ' + dateTime(e.recordedAt) }, dateTime(e.occurredAt)),
                    h('strong', null, commandLabel(e.type)),
                    e.stageFrom !== e.stageTo && e.stageTo ? h('span', { class: 'move' },
                        (e.stageFrom ? stageLabel(e.stageFrom) + ' → ' : '→ ') + stageLabel(e.stageTo)) : null,
                    e.actor ? h('span', { class: 'actor' }, 'by ' + e.actor) : null,
                    h(EventData, { data: e.data })))))
        );
    }

    function fact(label, value) {
        return h(Fragment, null, h('dt', null, label), h('dd', null, value === null || value === undefined || value === '' ? '—' : value));
    }

    /** The facts an event carries, without what the timeline already says. */
    function EventData({ data }) {
        if (!data || typeof data !== 'object') return null;
        const skip = ['leadId', 'occurredAt', 'fromStage', 'stage'];
        const items = Object.entries(data).filter(([k, v]) => !skip.includes(k) && v !== null && v !== '' &&
            !(Array.isArray(v) && v.length === 0));
        if (!items.length) return null;
        return h('dl', { class: 'event-data' }, items.map(([k, v]) => h(Fragment, null, h('dt', null, k), h('dd', null, show(v)))));
    }

    function show(v) {
        if (v && typeof v === 'object' && 'amount' in v && 'currency' in v) return money(v);
        if (Array.isArray(v)) return v.map(show).join(', ');
        if (v && typeof v === 'object') return Object.entries(v).filter(([, x]) => x !== null).map(([k, x]) => k + ': ' + show(x)).join(' · ');
        if (typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v)) return dateTime(v);
        return String(v);
    }

    /* ------------------------------------------------------------------ commands and their forms */

    const money_ = (name, label, required) => ({ name, label, type: 'money', required });
    const when = (name, label, required) => ({ name, label, type: 'datetime', required });
    const text = (name, label, required) => ({ name, label, type: 'text', required });
    const area = (name, label, required) => ({ name, label, type: 'textarea', required });
    const choice = (name, label, options, required) => ({ name, label, type: 'select', options, required });

    /** Each command's path (under /api/leads/{id}) and form, as API.md describes its body. */
    const COMMANDS = {
        RecordFirstContact: { label: 'Record first contact', path: 'first-contact', fields: [
            choice('channel', 'Channel', CHANNELS, true), when('nextContactAt', 'Next contact at', true), area('needs', 'Needs'),
            { name: 'decisionMakers', label: 'Decision makers (comma-separated)', type: 'list' },
            { name: 'competitors', label: 'Competitors (comma-separated)', type: 'list' },
            { name: 'decisionExpectedBy', label: 'Decision expected by', type: 'date' }, money_('estimatedBudget', 'Estimated budget')] },
        QualifyLead: { label: 'Qualify', path: 'qualification', fields: [
            money_('estimatedValue', 'Estimated value', true), text('proposedService', 'Proposed service', true),
            when('offerPromisedBy', 'Offer promised by')] },
        DisqualifyLead: { label: 'Disqualify', path: 'disqualification', fields: [
            choice('reason', 'Reason', DISQUALIFICATION_REASONS, true), area('details', 'Details')] },
        StartOfferPreparation: { label: 'Start offer preparation', path: 'offer-preparation', fields: [
            when('promisedBy', 'Promised by (default: in 24 h)')] },
        SendOffer: { label: 'Send offer', path: 'offer', fields: [
            money_('value', 'Value', true), area('description', 'What is offered', true),
            when('followUpDueAt', 'Follow up by (default: in 48 h)'), text('followUpDelayReason', 'Why later than 48 h')] },
        ReviseOffer: { label: 'Revise offer', path: 'offer-revisions', fields: [
            money_('value', 'Value', true), area('description', 'What is offered')] },
        RecordFollowUp: { label: 'Record follow-up', path: 'follow-ups', fields: [
            choice('channel', 'Channel', CHANNELS, true), choice('outcome', 'Outcome', OUTCOMES, true), area('notes', 'Notes'),
            text('nextStep.action', 'Next step'), when('nextStep.dueAt', 'Next step due'),
            when('nextFollowUpDueAt', 'Next follow-up by (default: in 48 h)'), text('followUpDelayReason', 'Why later than 48 h')] },
        MarkWon: { label: 'Won', path: 'won', fields: [money_('finalValue', 'Final value'), area('notes', 'Notes')] },
        MarkLost: { label: 'Lost', path: 'lost', fields: [
            choice('reason', 'Reason', LOST_REASONS, true), area('details', 'Details (required for OTHER)'), text('competitor', 'Competitor')] },
        StartAfterSales: { label: 'Start after-sales', path: 'after-sales', fields: [
            text('accountManager', 'Account manager (becomes the owner)', true), when('nextContactAt', 'Next contact at', true),
            text('purpose', 'Purpose', true)] },
        RecordAfterSalesContact: { label: 'Record after-sales contact', path: 'after-sales/contacts', fields: [
            choice('channel', 'Channel', CHANNELS, true), area('notes', 'Notes'), when('nextContactAt', 'Next contact at', true),
            text('purpose', 'Purpose', true)] },
        ReopenLead: { label: 'Reopen', path: 'reopening', fields: [
            text('reason', 'Reason', true), choice('stage', 'Back to (default: the stage it left)', REOPEN_STAGES)] },
        ScheduleNextStep: { label: 'Schedule next step', path: 'next-step', fields: [
            text('action', 'Action', true), when('dueAt', 'Due at', true)] },
        ReassignLead: { label: 'Reassign', path: 'owner', roles: ['MANAGER', 'ADMIN'], fields: [text('owner', 'New owner', true)] },
        UpdateContactDetails: { label: 'Update contact details', path: 'contact', method: 'PATCH', fields: [
            text('contact.name', 'Contact name'), text('contact.email', 'E-mail'), text('contact.phone', 'Phone'),
            text('company.name', 'Company'), text('company.taxId', 'Tax id'), text('company.address', 'Address')] }
    };
    Object.entries(COMMANDS).forEach(([name, spec]) => { spec.name = name; });

    const REGISTER = { name: 'RegisterLead', label: 'Register lead', register: true, fields: [
        text('company.name', 'Company', true), text('company.taxId', 'Tax id'), text('company.address', 'Address'),
        text('contact.name', 'Contact', true), text('contact.email', 'E-mail'), text('contact.phone', 'Phone'),
        choice('source', 'Source', SOURCES, true), { name: 'priorContact', label: 'Prior contact', type: 'checkbox' },
        { name: 'pipeline', label: 'Pipeline (default: the one serving the source)', type: 'pipeline' },
        text('owner', 'Owner (default: you)'), area('notes', 'Notes')] };

    function setPath(target, path, value) {
        const keys = path.split('.');
        let o = target;
        keys.slice(0, -1).forEach(k => { o = o[k] = o[k] || {}; });
        o[keys[keys.length - 1]] = value;
    }

    /** The JSON body of a form: empty fields left out, times as ISO instants, money and lists as the API reads them. */
    function bodyOf(spec, values) {
        const body = {};
        spec.fields.concat([{ name: 'occurredAt', type: 'datetime' }]).forEach(f => {
            const v = values[f.name];
            if (f.type === 'money') {
                const a = values[f.name + '.amount'];
                if (a !== undefined && String(a).trim() !== '') {
                    setPath(body, f.name, { amount: String(a).trim(), currency: (values[f.name + '.currency'] || 'PLN').trim().toUpperCase() });
                }
            } else if (f.type === 'checkbox') {
                if (v) setPath(body, f.name, true);
            } else if (v === undefined || String(v).trim() === '') {
                // left out: the API's default applies
            } else if (f.type === 'datetime') {
                setPath(body, f.name, fromLocalInput(v));
            } else if (f.type === 'list') {
                setPath(body, f.name, String(v).split(',').map(s => s.trim()).filter(Boolean));
            } else {
                setPath(body, f.name, typeof v === 'string' ? v.trim() : v);
            }
        });
        return body;
    }

    function CommandForm({ spec, leadId, version, pipelines, onDone, onCancel }) {
        const [values, setValues] = useState({});
        const [error, setError] = useState(null);
        const [busy, setBusy] = useState(false);
        const set = (name, value) => setValues(v => Object.assign({}, v, { [name]: value }));

        async function submit(e) {
            e.preventDefault();
            setBusy(true);
            setError(null);
            try {
                const path = spec.register ? '/api/leads' : '/api/leads/' + leadId + '/' + spec.path;
                // If-Match: the command is decided on the lead as this page showed it (412 if it changed since)
                const headers = version !== undefined ? { 'If-Match': '"' + version + '"' } : {};
                const { data } = await api(path, { method: spec.method || 'POST', body: bodyOf(spec, values), command: true, headers });
                onDone(data);
            } catch (err) {
                setError(err);
            } finally {
                setBusy(false);
            }
        }

        const input = f => {
            const v = values[f.name] || '';
            switch (f.type) {
                case 'select':
                    return h(Select, { name: f.name, value: v, options: f.options, empty: f.required ? 'choose…' : '—', onChange: x => set(f.name, x) });
                case 'pipeline':
                    return h(Select, { name: f.name, value: v, options: (pipelines || []).map(p => p.key), empty: 'by source',
                        labels: Object.fromEntries((pipelines || []).map(p => [p.key, p.name])), onChange: x => set(f.name, x) });
                case 'textarea':
                    return h('textarea', { name: f.name, value: v, rows: 2, onInput: e => set(f.name, e.target.value) });
                case 'datetime':
                    return h('input', { name: f.name, type: 'datetime-local', value: v, onInput: e => set(f.name, e.target.value) });
                case 'date':
                    return h('input', { name: f.name, type: 'date', value: v, onInput: e => set(f.name, e.target.value) });
                case 'checkbox':
                    return h('input', { name: f.name, type: 'checkbox', checked: !!values[f.name], onChange: e => set(f.name, e.target.checked) });
                case 'money':
                    return h('span', { class: 'money' },
                        h('input', { name: f.name + '.amount', inputmode: 'decimal', placeholder: '0.00', value: values[f.name + '.amount'] || '',
                            onInput: e => set(f.name + '.amount', e.target.value) }),
                        h('input', { name: f.name + '.currency', size: 3, maxlength: 3, placeholder: 'PLN', value: values[f.name + '.currency'] || '',
                            onInput: e => set(f.name + '.currency', e.target.value) }));
                default:
                    return h('input', { name: f.name, value: v, onInput: e => set(f.name, e.target.value) });
            }
        };

        return h('form', { class: 'command-form', 'data-command': spec.name, onSubmit: submit, noValidate: true },
            h('h3', null, spec.label),
            spec.fields.map(f => h(Field, { label: f.label + (f.required ? ' *' : '') }, input(f))),
            h(Field, { label: 'Happened at (optional: for what is entered late)' }, input({ name: 'occurredAt', type: 'datetime' })),
            h('div', { class: 'actions' },
                h('button', { type: 'submit', class: 'primary', disabled: busy }, spec.label),
                h('button', { type: 'button', class: 'link', onClick: onCancel }, 'Cancel')),
            h(ProblemView, { error }));
    }

    /* ------------------------------------------------------------------ reports */

    /** An ECharts chart of `option`, redrawn when it changes, disposed with the component. */
    function Chart({ id, option, height }) {
        const el = useRef(null);
        const chart = useRef(null);
        useEffect(() => {
            chart.current = echarts.init(el.current, null, { renderer: 'canvas' });
            const resize = () => chart.current && chart.current.resize();
            window.addEventListener('resize', resize);
            return () => {
                window.removeEventListener('resize', resize);
                chart.current.dispose();
                chart.current = null;
            };
        }, []);
        useEffect(() => {
            if (chart.current && option) chart.current.setOption(option, true);
        }, [option]);
        return h('div', { id, class: 'chart', ref: el, style: height ? 'height:' + height + 'px' : undefined });
    }

    function dateInput(iso) {
        return iso ? iso.slice(0, 10) : '';
    }

    function Reports({ params }) {
        const pipelines = usePipelines();
        const filters = {
            from: params.from || '', to: params.to || '', source: params.source || '', owner: params.owner || '',
            pipeline: params.pipeline || '', groupBy: params.groupBy || 'reason'
        };
        const set = (name, value) => go('/reports', Object.assign({}, filters, { [name]: value }));
        const window_ = Object.entries(filters).filter(([k, v]) => v && k !== 'groupBy');
        const query = new URLSearchParams(window_).toString();
        const [reports, error] = useLoad(async () => {
            const q = query ? '?' + query : '';
            const [lost, times, funnel, sla] = await Promise.all([
                api('/api/analytics/lost-reasons' + (q ? q + '&' : '?') + 'groupBy=' + filters.groupBy),
                api('/api/analytics/time-in-stage' + q), api('/api/analytics/funnel' + q), api('/api/analytics/sla' + q)]);
            return { lost: lost.data, times: times.data, funnel: funnel.data, sla: sla.data };
        }, [query, filters.groupBy]);

        return h('main', { class: 'reports-page' },
            h('div', { class: 'toolbar' },
                h('h1', null, 'Reports'),
                h('form', { class: 'filters', id: 'report-filters', onSubmit: e => e.preventDefault() },
                    h(Field, { label: 'From' }, h('input', { name: 'from', type: 'date', value: dateInput(filters.from),
                        onChange: e => set('from', e.target.value ? e.target.value + 'T00:00:00Z' : '') })),
                    h(Field, { label: 'To (before)' }, h('input', { name: 'to', type: 'date', value: dateInput(filters.to),
                        onChange: e => set('to', e.target.value ? e.target.value + 'T00:00:00Z' : '') })),
                    h(Field, { label: 'Pipeline' }, h(Select, { name: 'pipeline', value: filters.pipeline, empty: 'all pipelines',
                        options: pipelines.map(p => p.key), labels: Object.fromEntries(pipelines.map(p => [p.key, p.name])),
                        onChange: v => set('pipeline', v) })),
                    h(Field, { label: 'Source' }, h(Select, { name: 'source', value: filters.source, empty: 'all sources', options: SOURCES,
                        onChange: v => set('source', v) })),
                    h(Field, { label: 'Owner' }, h('input', { name: 'owner', value: filters.owner, placeholder: 'everyone',
                        onChange: e => set('owner', e.target.value.trim()) })))),
            h('p', { class: 'as-of' }, 'Window: ' + (filters.from ? filters.from.slice(0, 10) : 'the beginning') + ' up to '
                + (filters.to ? filters.to.slice(0, 10) + ' (UTC days; as of then)' : 'now')),
            h(ProblemView, { error }),
            reports ? h('div', { class: 'reports' },
                h(LostReasons, { report: reports.lost, groupBy: filters.groupBy, onGroupBy: v => set('groupBy', v) }),
                h(TimeInStage, { report: reports.times }),
                h(Funnel, { report: reports.funnel }),
                h(Sla, { report: reports.sla })) : null);
    }

    function LostReasons({ report, groupBy, onGroupBy }) {
        const option = {
            tooltip: { trigger: 'axis' }, grid: { left: 40, right: 10, top: 20, bottom: 60 },
            xAxis: { type: 'category', data: report.groups.map(g => g.key), axisLabel: { interval: 0, rotate: 30, formatter: k => k === null ? '(none)' : String(k) } },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ name: 'lost', type: 'bar', data: report.groups.map(g => g.count), label: { show: true, position: 'top' } }]
        };
        return h('section', { class: 'report', id: 'lost-reasons' },
            h('h2', null, 'Lost reasons'),
            h(Field, { label: 'Group by' }, h(Select, { name: 'groupBy', value: groupBy, options: GROUP_BY, onChange: onGroupBy })),
            h('p', { class: 'totals' }, h('span', { id: 'lost-total' }, report.lost), ' lost, ',
                h('span', { id: 'disqualified-total' }, report.disqualified), ' disqualified'),
            h(Chart, { id: 'chart-lost-reasons', option }),
            h('table', { id: 'lost-reasons-table' },
                h('thead', null, h('tr', null, h('th', null, words(groupBy)), h('th', null, 'Leads'), h('th', null, 'Share'), h('th', null, 'Value'))),
                h('tbody', null, report.groups.map(g => h('tr', { 'data-key': g.key },
                    h('td', { class: 'key' }, g.key), h('td', { class: 'count' }, g.count), h('td', { class: 'share' }, percent(g.share)),
                    h('td', { class: 'value' }, sums(g.value)))))));
    }

    function TimeInStage({ report }) {
        const stages = report.stages;
        const option = {
            tooltip: { trigger: 'axis' }, legend: { data: ['median', 'p90'] }, grid: { left: 50, right: 10, top: 30, bottom: 90 },
            xAxis: { type: 'category', data: stages.map(s => s.stage), axisLabel: { interval: 0, rotate: 35, formatter: words } },
            yAxis: { type: 'value', name: 'hours' },
            series: [
                { name: 'median', type: 'bar', data: stages.map(s => s.medianHours) },
                { name: 'p90', type: 'bar', data: stages.map(s => s.p90Hours) }]
        };
        return h('section', { class: 'report', id: 'time-in-stage' },
            h('h2', null, 'Time in stage (hours)'),
            h(Chart, { id: 'chart-time-in-stage', option }),
            h('table', { id: 'time-in-stage-table' },
                h('thead', null, h('tr', null, ['Stage', 'Visits', 'Median', 'p90', 'Mean', 'Max', 'Open', 'Open median age'].map(t => h('th', null, t)))),
                h('tbody', null, stages.map(s => h('tr', { 'data-stage': s.stage },
                    h('td', { class: 'stage' }, words(s.stage)), h('td', { class: 'visits' }, s.visits),
                    h('td', { class: 'median' }, fixed(s.medianHours)), h('td', { class: 'p90' }, fixed(s.p90Hours)),
                    h('td', { class: 'mean' }, fixed(s.meanHours)), h('td', { class: 'max' }, fixed(s.maxHours)),
                    h('td', { class: 'open' }, s.openVisits), h('td', { class: 'open-age' }, fixed(s.openMedianAgeHours)))))));
    }

    function Funnel({ report }) {
        const option = {
            tooltip: { trigger: 'item' },
            series: [{
                name: 'reached', type: 'funnel', sort: 'none', left: '10%', width: '80%', minSize: '5%',
                label: { show: true, position: 'inside', formatter: p => words(p.name) + ': ' + p.value },
                data: report.stages.map(s => ({ name: s.stage, value: s.reached }))
            }]
        };
        return h('section', { class: 'report', id: 'funnel' },
            h('h2', null, 'Funnel'),
            h('p', { class: 'totals' }, 'Cohort ', h('span', { id: 'funnel-cohort' }, report.cohort), ' · won ',
                h('span', { id: 'funnel-won' }, report.won), ' (', h('span', { id: 'funnel-won-value' }, sums(report.wonValue)), ') · lost ',
                h('span', { id: 'funnel-lost' }, report.lost), ' · disqualified ', h('span', { id: 'funnel-disqualified' }, report.disqualified),
                ' · open ', h('span', { id: 'funnel-open' }, report.open), ' · win rate ', h('span', { id: 'funnel-win-rate' }, percent(report.winRate)),
                ' · median days to win ', h('span', { id: 'funnel-days-to-win' }, fixed(report.medianDaysToWin))),
            h(Chart, { id: 'chart-funnel', option }),
            h('table', { id: 'funnel-table' },
                h('thead', null, h('tr', null, h('th', null, 'Stage'), h('th', null, 'Reached'), h('th', null, 'Conversion'))),
                h('tbody', null, report.stages.map(s => h('tr', { 'data-stage': s.stage },
                    h('td', { class: 'stage' }, words(s.stage)), h('td', { class: 'reached' }, s.reached),
                    h('td', { class: 'conversion' }, percent(s.conversion)))))));
    }

    function Sla({ report }) {
        const kinds = [['offers', 'Offers on promise'], ['followUps', 'First follow-up'], ['followUpRhythm', 'Follow-up rhythm']];
        const option = {
            tooltip: { trigger: 'axis' }, legend: { data: ['on time', 'late'] }, grid: { left: 40, right: 10, top: 30, bottom: 30 },
            xAxis: { type: 'category', data: kinds.map(k => k[1]) }, yAxis: { type: 'value', minInterval: 1 },
            series: [
                { name: 'on time', type: 'bar', stack: 'due', data: kinds.map(k => report[k[0]].onTime), label: { show: true, formatter: p => p.value || '' } },
                { name: 'late', type: 'bar', stack: 'due', data: kinds.map(k => report[k[0]].late), label: { show: true, formatter: p => p.value || '' } }]
        };
        return h('section', { class: 'report', id: 'sla' },
            h('h2', null, 'SLA'),
            h(Chart, { id: 'chart-sla', option }),
            h('table', { id: 'sla-table' },
                h('thead', null, h('tr', null, ['', 'Due', 'On time', 'Late', 'On-time rate'].map(t => h('th', null, t)))),
                h('tbody', null, kinds.map(([k, label]) => h('tr', { 'data-kind': k },
                    h('td', null, label), h('td', { class: 'due' }, report[k].due), h('td', { class: 'on-time' }, report[k].onTime),
                    h('td', { class: 'late' }, report[k].late), h('td', { class: 'rate' }, percent(report[k].onTimeRate)))))),
            report.overdueNow ? h('p', { class: 'overdue' }, 'Overdue now: ', h('span', { id: 'sla-overdue-offers' }, report.overdueNow.offers),
                ' offers, ', h('span', { id: 'sla-overdue-follow-ups' }, report.overdueNow.followUps), ' first follow-ups, ',
                h('span', { id: 'sla-overdue-rhythm' }, report.overdueNow.followUpRhythm), ' rhythm follow-ups') : null);
    }

    /* ------------------------------------------------------------------ admin: replay and import progress */

    function usePoll(load, millis, deps) {
        const [state, setState] = useState({ value: null, error: null });
        useEffect(() => {
            let stopped = false;
            let timer = null;
            const tick = () => load().then(value => { if (!stopped) setState({ value, error: null }); },
                error => { if (!stopped) setState({ value: null, error }); })
                .finally(() => { if (!stopped) timer = setTimeout(tick, millis); });
            tick();
            return () => { stopped = true; clearTimeout(timer); };
        }, deps);
        return [state.value, state.error];
    }

    function Progress({ id, state, percent: value, text: caption }) {
        return h('div', { class: 'progress', id },
            h('progress', { max: 100, value: value || 0 }),
            h('span', { class: 'state' }, state), ' ', h('span', { class: 'percent' }, fixed(value, 2) + ' %'),
            caption ? h('span', { class: 'caption' }, ' · ' + caption) : null);
    }

    function Admin() {
        const [replay, replayError] = usePoll(() => api('/api/admin/replays/current').then(r => r.data), 1000, []);
        const [letters] = usePoll(() => api('/api/admin/dead-letters').then(r => r.data), 5000, []);
        const [started, setStarted] = useState(null);

        async function startReplay() {
            if (!window.confirm('Rebuild every read model from the event log? Reads answer meanwhile, marked as rebuilding.')) return;
            try {
                setStarted(null);
                await api('/api/admin/replays', { method: 'POST', body: {} });
            } catch (e) {
                setStarted(e);
            }
        }

        return h('main', { class: 'admin-page' },
            h('h1', null, 'Operations'),
            h('section', { class: 'panel', id: 'replay' },
                h('h2', null, 'Rebuild of the read models'),
                h(ProblemView, { error: replayError || started }),
                replay ? h(Progress, {
                    id: 'replay-progress', state: replay.state, percent: replay.percent,
                    text: replay.state === 'IDLE' ? 'no rebuild since the start' : (replay.projections || []).join(', ') + ' — position '
                        + replay.position + ' of ' + replay.head + (replay.eventsPerSecond ? ', ' + replay.eventsPerSecond + ' events/s' : '')
                        + (replay.etaSeconds !== null && replay.etaSeconds !== undefined ? ', ' + replay.etaSeconds + ' s left' : '')
                }) : null,
                h('button', { type: 'button', id: 'start-replay', onClick: startReplay, disabled: replay && replay.state === 'RUNNING' },
                    'Rebuild all read models')),
            letters ? h('section', { class: 'panel', id: 'dead-letters' },
                h('h2', null, 'Dead letters'),
                h('table', null, h('tbody', null, Object.entries(letters.sequences || {}).map(([p, n]) =>
                    h('tr', { 'data-projection': p }, h('td', null, p), h('td', { class: 'count' }, n + ' leads waiting')))))) : null,
            h(Imports, null));
    }

    /**
     * Imports run on the command side (POST /api/imports, GET /api/imports/{id}). Where that service has no
     * import endpoint the panel says so from the answer instead of failing.
     */
    function Imports() {
        const [id, setId] = useState(sessionStorage.getItem('sales-pipeline.import') || '');
        const [watching, setWatching] = useState(id);
        const [error, setError] = useState(null);
        const file = useRef(null);
        const [progress, progressError] = usePoll(() => watching
            ? api('/api/imports/' + encodeURIComponent(watching), { command: true }).then(r => r.data)
            : Promise.resolve(null), 1000, [watching]);

        function watch(value) {
            setWatching(value);
            sessionStorage.setItem('sales-pipeline.import', value);
        }

        async function upload(e) {
            e.preventDefault();
            setError(null);
            const chosen = file.current && file.current.files[0];
            if (!chosen) return;
            try {
                const { data, headers } = await api('/api/imports', {
                    method: 'POST', command: true, raw: chosen, headers: { 'Content-Type': 'application/x-ndjson' }
                });
                const created = (data && data.id) || (headers.get('Location') || '').split('/').pop();
                setId(created);
                watch(created);
            } catch (err) {
                setError(err);
            }
        }

        const unavailable = err => err && [403, 404, 405].includes(err.status);
        return h('section', { class: 'panel', id: 'imports' },
            h('h2', null, 'Imports of lead histories'),
            h('form', { onSubmit: upload, class: 'filters' },
                h(Field, { label: 'NDJSON file' }, h('input', { type: 'file', name: 'file', accept: '.ndjson,.jsonl,application/x-ndjson', ref: file })),
                h('button', { type: 'submit' }, 'Import')),
            h('form', { class: 'filters', onSubmit: e => { e.preventDefault(); watch(id.trim()); } },
                h(Field, { label: 'Import id' }, h('input', { name: 'import-id', value: id, onInput: e => setId(e.target.value) })),
                h('button', { type: 'submit' }, 'Show')),
            error ? h(Fragment, null, unavailable(error) ? h('p', { class: 'note' }, 'Imports are not available on this server.') : null,
                h(ProblemView, { error })) : null,
            watching && progressError ? h(Fragment, null,
                unavailable(progressError) ? h('p', { class: 'note' }, 'No import ' + watching + ' here (or imports are not available on this server).') : null,
                h(ProblemView, { error: progressError })) : null,
            progress ? h(Fragment, null,
                h(Progress, { id: 'import-progress', state: progress.state, percent: progress.percent,
                    text: progress.leadsImported + ' leads imported, ' + progress.leadsRejected + ' rejected, ' + progress.events + ' events'
                        + (progress.etaSeconds ? ', ' + progress.etaSeconds + ' s left' : '') }),
                (progress.errors || []).length ? h('table', { class: 'import-errors' }, h('tbody', null, progress.errors.slice(0, 50).map(e =>
                    h('tr', null, h('td', null, 'line ' + e.line), h('td', null, e.command || ''), h('td', null, e.status), h('td', null, e.detail)))))
                    : null) : null);
    }

    /* ------------------------------------------------------------------ the frame */

    function App() {
        const [signedIn, setSignedIn] = useState(!!session);
        const route = useRoute();
        useEffect(() => {
            const out = () => setSignedIn(false);
            window.addEventListener('signed-out', out);
            return () => window.removeEventListener('signed-out', out);
        }, []);
        if (!signedIn || !session) return h(SignIn, { onSignedIn: () => setSignedIn(true) });

        let page;
        const lead = route.path.match(/^\/leads\/([0-9a-fA-F-]{36})$/);
        if (lead) page = h(LeadPage, { id: lead[1], key: lead[1] });
        else if (route.path === '/reports') page = h(Reports, { params: route.params });
        else if (route.path === '/admin') page = h(Admin, null);
        else page = h(Board, { params: route.params });

        const tab = (path, label) => h('a', { href: '#' + path, class: route.path === path ? 'current' : '' }, label);
        return h(Fragment, null,
            h('nav', { class: 'top' },
                h('strong', null, 'Sales pipeline'),
                tab('/board', 'Board'),
                hasRole('MANAGER', 'ANALYST', 'ADMIN') ? tab('/reports', 'Reports') : null,
                hasRole('ADMIN') ? tab('/admin', 'Operations') : null,
                h('span', { class: 'who', id: 'who' }, session.user + ' (' + session.roles.map(words).join(', ') + ')'),
                h('button', { type: 'button', class: 'link', id: 'sign-out', onClick: () => { saveSession(null); setSignedIn(false); } }, 'Sign out')),
            page);
    }

    const root = document.getElementById('app');
    root.textContent = '';
    render(h(App, null), root);
})();
