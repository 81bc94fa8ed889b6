// The client space's one message catalogue: every text a client reads, in
// French (the default) and English (contacts whose language is `en`), with the
// dates and durations written the way each language writes them.
import type { Language } from '../services/contacts.js';
import type { PortalTicket } from '../services/portal.js';
import { localTime } from '../rules/calendar.js';

export type State = PortalTicket['state'];
export type Validity = 'active' | 'frozen' | 'forfeited' | 'unlicensed';
export type TimelineEvent = 'received' | 'taken' | 'released' | 'resolved' | 'reopened';
export type LedgerKind = 'purchase' | 'consumption' | 'reversal' | 'forfeit' | 'adjustment';

const fr = {
  lang: 'fr',
  product: 'Espace client ALIAS',
  skipToContent: 'Aller au contenu principal',
  nav: { dashboard: 'Mes demandes', newRequest: 'Nouvelle demande', credit: 'Mon crédit', signOut: 'Se déconnecter' },
  signedInAs: (name: string, client: string) => `Connecté : ${name} (${client})`,
  state: {
    red: 'En attente de prise en charge',
    orange: 'Prise en charge',
    green: 'Résolu',
  } satisfies Record<State, string>,
  validity: {
    active: 'Actif',
    frozen: 'Gelé (licence expirée)',
    forfeited: 'Perdu (plus de 24 mois après la fin de la licence)',
    unlicensed: 'Aucune licence',
  } satisfies Record<Validity, string>,
  plan: { 'all-inclusive': 'Alias Entry tout compris', 'on-demand': 'Alias Entry à la demande' },
  months: [
    'janvier',
    'février',
    'mars',
    'avril',
    'mai',
    'juin',
    'juillet',
    'août',
    'septembre',
    'octobre',
    'novembre',
    'décembre',
  ],
  at: (day: string, time: string) => `${day} à ${time}`,
  time: (h: number, m: number) => `${h}h${String(m).padStart(2, '0')}`,
  // Sign-in
  signIn: {
    title: 'Se connecter',
    intro:
      'Indiquez votre adresse e-mail : nous vous envoyons un lien de connexion, valable 15 minutes et utilisable une seule fois.',
    email: 'Adresse e-mail',
    emailHint: 'L’adresse que votre entreprise a déclarée auprès du support ALIAS.',
    submit: 'Recevoir un lien de connexion',
    sentTitle: 'Vérifiez votre messagerie',
    sent: (email: string) =>
      `Si l’adresse ${email} est connue du support ALIAS, un e-mail contenant un lien de connexion vient de lui être envoyé. Le lien est valable 15 minutes.`,
    notReceived: 'Rien reçu après quelques minutes ? Vérifiez vos courriers indésirables, ou demandez un nouveau lien.',
    again: 'Demander un nouveau lien',
    errorEmail: 'Indiquez une adresse e-mail valide, par exemple nom@entreprise.fr',
    tokenTitle: 'Connexion à votre espace client',
    tokenIntro: 'Pour ouvrir votre session, confirmez la connexion.',
    tokenButton: 'Se connecter',
    usedTitle: 'Ce lien a déjà été utilisé',
    expiredTitle: 'Ce lien a expiré',
    unknownTitle: 'Ce lien n’est pas valable',
    badLinkBody: 'Un lien de connexion n’est utilisable qu’une fois, pendant 15 minutes. Demandez-en un nouveau.',
    signedOut: 'Vous êtes déconnecté.',
  },
  tooMany: {
    title: 'Trop de demandes',
    body: (minutes: number) =>
      `Trop de liens de connexion ont été demandés. Réessayez dans ${minutes} minute${minutes > 1 ? 's' : ''}.`,
  },
  // Dashboard
  dashboard: {
    title: 'Mes demandes',
    credit: 'Crédit d’assistance',
    balance: 'Solde',
    validity: 'Validité',
    validUntil: (date: string) => `Valable jusqu’au ${date}`,
    lowCredit: 'Votre crédit est inférieur à 1 heure.',
    forfeitSoon: (date: string) => `Votre crédit sera perdu le ${date} si aucune licence n’est renouvelée d’ici là.`,
    shop: 'Acheter du crédit d’assistance dans la boutique',
    licences: 'Licences',
    noLicence: 'Aucune licence enregistrée.',
    licenceEnds: (date: string) => `jusqu’au ${date}`,
    open: 'Demandes en cours',
    noOpen: 'Aucune demande en cours.',
    resolved: 'Demandes résolues',
    noResolved: 'Aucune demande résolue.',
    number: 'N°',
    subject: 'Objet',
    stateCol: 'État',
    created: 'Reçue le',
    resolvedOn: 'Résolue le',
    newRequest: 'Faire une nouvelle demande',
    pages: (page: number, pages: number) => `Page ${page} sur ${pages}`,
    previous: 'Page précédente',
    next: 'Page suivante',
    pagination: 'Pages des demandes',
  },
  // Request detail
  ticket: {
    title: (n: number) => `Demande n° ${n}`,
    received: (n: number) => `Votre demande n° ${n} a bien été reçue`,
    receivedMail: 'Un e-mail de confirmation vous a été envoyé.',
    subject: 'Objet',
    description: 'Description',
    noDescription: 'Aucune description.',
    state: 'État',
    requester: 'Demandeur',
    resolution: 'Résolution',
    timeline: 'Historique',
    event: {
      received: 'Demande reçue',
      taken: 'Prise en charge par le support',
      released: 'Remise en attente',
      resolved: 'Résolue',
      reopened: 'Réouverte',
    } satisfies Record<TimelineEvent, string>,
    time: 'Temps décompté',
    worked: 'Temps passé',
    slices: 'Tranches de 15 minutes',
    charged: 'Décompté de votre crédit',
    defect: 'Non décompté : dysfonctionnement du logiciel',
    defectNote: (minutes: string) =>
      `${minutes} non décomptées : le problème venait d’un dysfonctionnement du logiciel.`,
    notCountedYet: 'Le temps est décompté à partir de la prise en charge, par tranches de 15 minutes.',
    fix: 'Correctif',
    hotfix: 'Correctif livré dès que possible (licence tout compris)',
    nextRelease: 'Correctif livré avec la prochaine version (licence à la demande)',
    fixPending: 'En préparation',
    fixDelivered: (version: string | null) => (version ? `Livré dans la version ${version}` : 'Livré'),
    back: 'Retour à mes demandes',
  },
  // Request form
  form: {
    title: 'Nouvelle demande',
    intro:
      'Décrivez votre problème : le support vous répond par e-mail et vous suivez l’avancement dans votre espace client.',
    subject: 'Objet',
    subjectHint: '200 caractères au maximum.',
    body: 'Description',
    bodyHint: 'Ce que vous faisiez, ce qui s’est passé, le message d’erreur éventuel. 20 000 caractères au maximum.',
    submit: 'Envoyer la demande',
    errorSummary: 'Il y a un problème',
    subjectMissing: 'Indiquez l’objet de votre demande',
    subjectTooLong: (n: number) => `L’objet doit faire 200 caractères au maximum (il en fait ${n})`,
    bodyTooLong: (n: number) => `La description doit faire 20 000 caractères au maximum (elle en fait ${n})`,
  },
  // Credit statement
  credit: {
    title: 'Mon crédit',
    intro: 'Chaque mouvement de votre crédit d’assistance, avec le solde après chacun.',
    date: 'Date',
    kind: 'Mouvement',
    minutes: 'Minutes',
    balance: 'Solde',
    reference: 'Référence',
    note: 'Note',
    empty: 'Aucun mouvement.',
    csv: 'Télécharger le relevé (CSV)',
    kinds: {
      purchase: 'Achat',
      consumption: 'Consommation',
      reversal: 'Restitution (dysfonctionnement du logiciel)',
      forfeit: 'Perte (24 mois après la fin de la licence)',
      adjustment: 'Ajustement',
    } satisfies Record<LedgerKind, string>,
    due: 'échue',
  },
  errors: {
    notFoundTitle: 'Page introuvable',
    notFound: 'Cette page n’existe pas, ou vous n’y avez pas accès.',
    forbiddenTitle: 'Action refusée',
    forbidden:
      'Ce formulaire a expiré ou ne provient pas de l’espace client. Revenez à la page précédente, rechargez-la et réessayez.',
    tooLargeTitle: 'Envoi trop volumineux',
    tooLarge: 'Le formulaire envoyé dépasse 64 Ko. Raccourcissez le texte et réessayez.',
    busyTitle: 'Service momentanément indisponible',
    busy: 'Le service est très sollicité. Réessayez dans quelques instants.',
    internalTitle: 'Une erreur est survenue',
    internal: 'La page n’a pas pu être affichée. Réessayez dans quelques instants.',
    badRequestTitle: 'Requête invalide',
    badRequest: 'La requête n’a pas pu être lue.',
    home: 'Retour à l’accueil',
  },
};

export type Messages = typeof fr;

const en: Messages = {
  lang: 'en',
  product: 'ALIAS client space',
  skipToContent: 'Skip to main content',
  nav: { dashboard: 'My requests', newRequest: 'New request', credit: 'My credit', signOut: 'Sign out' },
  signedInAs: (name, client) => `Signed in: ${name} (${client})`,
  state: { red: 'Waiting to be taken', orange: 'In progress', green: 'Resolved' },
  validity: {
    active: 'Active',
    frozen: 'Frozen (licence expired)',
    forfeited: 'Forfeited (more than 24 months after the licence ended)',
    unlicensed: 'No licence',
  },
  plan: { 'all-inclusive': 'Alias Entry all-inclusive', 'on-demand': 'Alias Entry on-demand' },
  months: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
  at: (day, time) => `${day}, ${time}`,
  time: (h, m) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`,
  signIn: {
    title: 'Sign in',
    intro: 'Enter your e-mail address: we send you a sign-in link, valid for 15 minutes and usable once.',
    email: 'E-mail address',
    emailHint: 'The address your company gave to ALIAS support.',
    submit: 'Send me a sign-in link',
    sentTitle: 'Check your e-mail',
    sent: (email) =>
      `If ${email} is known to ALIAS support, an e-mail with a sign-in link has just been sent to it. The link is valid for 15 minutes.`,
    notReceived: 'Nothing after a few minutes? Check your spam folder, or ask for a new link.',
    again: 'Ask for a new link',
    errorEmail: 'Enter a valid e-mail address, such as name@company.com',
    tokenTitle: 'Sign in to your client space',
    tokenIntro: 'Confirm to open your session.',
    tokenButton: 'Sign in',
    usedTitle: 'This link has already been used',
    expiredTitle: 'This link has expired',
    unknownTitle: 'This link is not valid',
    badLinkBody: 'A sign-in link can be used once, within 15 minutes. Ask for a new one.',
    signedOut: 'You are signed out.',
  },
  tooMany: {
    title: 'Too many requests',
    body: (minutes) =>
      `Too many sign-in links were asked for. Try again in ${minutes} minute${minutes > 1 ? 's' : ''}.`,
  },
  dashboard: {
    title: 'My requests',
    credit: 'Assistance credit',
    balance: 'Balance',
    validity: 'Validity',
    validUntil: (date) => `Valid until ${date}`,
    lowCredit: 'Your credit is below 1 hour.',
    forfeitSoon: (date) => `Your credit will be forfeited on ${date} unless a licence is renewed by then.`,
    shop: 'Buy assistance credit in the shop',
    licences: 'Licences',
    noLicence: 'No licence recorded.',
    licenceEnds: (date) => `until ${date}`,
    open: 'Open requests',
    noOpen: 'No open request.',
    resolved: 'Resolved requests',
    noResolved: 'No resolved request.',
    number: 'No.',
    subject: 'Subject',
    stateCol: 'State',
    created: 'Received',
    resolvedOn: 'Resolved',
    newRequest: 'Make a new request',
    pages: (page, pages) => `Page ${page} of ${pages}`,
    previous: 'Previous page',
    next: 'Next page',
    pagination: 'Pages of requests',
  },
  ticket: {
    title: (n) => `Request ${n}`,
    received: (n) => `Your request ${n} has been received`,
    receivedMail: 'A confirmation e-mail has been sent to you.',
    subject: 'Subject',
    description: 'Description',
    noDescription: 'No description.',
    state: 'State',
    requester: 'Requester',
    resolution: 'Resolution',
    timeline: 'History',
    event: {
      received: 'Request received',
      taken: 'Taken by support',
      released: 'Back in the queue',
      resolved: 'Resolved',
      reopened: 'Reopened',
    },
    time: 'Time counted',
    worked: 'Time spent',
    slices: '15-minute slices',
    charged: 'Deducted from your credit',
    defect: 'Not deducted: software defect',
    defectNote: (minutes) => `${minutes} not deducted: the problem was a defect of the software.`,
    notCountedYet: 'Time is counted from the moment support takes the request, by 15-minute slices.',
    fix: 'Fix',
    hotfix: 'Fix delivered as soon as possible (all-inclusive licence)',
    nextRelease: 'Fix delivered with the next release (on-demand licence)',
    fixPending: 'In preparation',
    fixDelivered: (version) => (version ? `Delivered in version ${version}` : 'Delivered'),
    back: 'Back to my requests',
  },
  form: {
    title: 'New request',
    intro: 'Describe your problem: support answers by e-mail and you follow its progress in your client space.',
    subject: 'Subject',
    subjectHint: '200 characters at most.',
    body: 'Description',
    bodyHint: 'What you were doing, what happened, any error message. 20,000 characters at most.',
    submit: 'Send the request',
    errorSummary: 'There is a problem',
    subjectMissing: 'Enter the subject of your request',
    subjectTooLong: (n) => `The subject must be 200 characters or fewer (it has ${n})`,
    bodyTooLong: (n) => `The description must be 20,000 characters or fewer (it has ${n})`,
  },
  credit: {
    title: 'My credit',
    intro: 'Every movement of your assistance credit, with the balance after each.',
    date: 'Date',
    kind: 'Movement',
    minutes: 'Minutes',
    balance: 'Balance',
    reference: 'Reference',
    note: 'Note',
    empty: 'No movement.',
    csv: 'Download the statement (CSV)',
    kinds: {
      purchase: 'Purchase',
      consumption: 'Consumption',
      reversal: 'Given back (software defect)',
      forfeit: 'Forfeit (24 months after the licence ended)',
      adjustment: 'Adjustment',
    },
    due: 'due',
  },
  errors: {
    notFoundTitle: 'Page not found',
    notFound: 'This page does not exist, or you do not have access to it.',
    forbiddenTitle: 'Action refused',
    forbidden: 'This form has expired or does not come from the client space. Go back, reload the page and try again.',
    tooLargeTitle: 'Too much data sent',
    tooLarge: 'The form sent is over 64 KB. Shorten the text and try again.',
    busyTitle: 'Service temporarily unavailable',
    busy: 'The service is very busy. Try again in a moment.',
    internalTitle: 'Something went wrong',
    internal: 'The page could not be shown. Try again in a moment.',
    badRequestTitle: 'Bad request',
    badRequest: 'The request could not be read.',
    home: 'Back to the home page',
  },
};

const CATALOGUE: Record<Language, Messages> = { fr, en };

export function messages(language: Language | undefined): Messages {
  return CATALOGUE[language ?? 'fr'] ?? fr;
}

/** `26 novembre 2026` / `26 November 2026`, for a calendar day `YYYY-MM-DD`. */
export function formatDay(m: Messages, day: string): string {
  const [y, mo, d] = day.split('-').map(Number) as [number, number, number];
  return `${d} ${m.months[mo - 1]} ${y}`;
}

/** `26 novembre 2026 à 10h15` / `26 November 2026, 10:15`, in the business time zone. */
export function formatInstant(m: Messages, instant: string, tz: string): string {
  const t = localTime(Date.parse(instant), tz);
  const minutes = Math.floor(t.minuteOfDay);
  return m.at(formatDay(m, t.day), m.time(Math.floor(minutes / 60), minutes % 60));
}

/** The day of an instant, in the business time zone. */
export function formatInstantDay(m: Messages, instant: string, tz: string): string {
  return formatDay(m, localTime(Date.parse(instant), tz).day);
}
