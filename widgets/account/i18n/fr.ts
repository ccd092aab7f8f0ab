import { fr as core } from '../../core/i18n/fr.ts';

/**
 * `civ-account` in French (the default and the reference): the signed-out forms and the frame. The
 * signed-in sections have their own strings, in the dashboard's chunk (`dashboard/i18n/fr.ts`).
 */
export const fr = {
  ...core,
  common: { ...core.common, cancel: 'Annuler', back: 'Retour', show: 'Afficher' },
  /** The server's codes only the account's requests get. */
  errors: {
    ...core.errors,
    invalid_credentials: 'Adresse e-mail ou mot de passe incorrect.',
    wrong_password: 'Mot de passe incorrect.',
    weak_password: 'Ce mot de passe est trop facile à deviner. Choisissez-en un plus long ou moins courant, par exemple une courte phrase.',
    email_taken: 'Un compte existe déjà avec cette adresse e-mail. Connectez-vous, ou utilisez « Mot de passe oublié ».',
    invalid_code: 'Ce lien a expiré ou a déjà été utilisé.',
  },
  account: {
    allRequired: 'Tous les champs sont obligatoires.',
    email: 'Adresse e-mail',
    emailHint: 'Par exemple : camille@exemple.fr',
    emailPurpose: 'Pour retrouver vos participations, être prévenu quand la collectivité vous répond et recevoir des nouvelles des consultations.',
    password: 'Mot de passe',
    passwordRule: '12 caractères au minimum. Une courte phrase est facile à retenir et difficile à deviner.',
    currentPassword: 'Mot de passe actuel',
    newPassword: 'Nouveau mot de passe',
    remember: 'Rester connecté sur cet appareil',
    rememberHint: 'Pendant 30 jours. À ne pas cocher sur un ordinateur partagé.',
    signIn: {
      title: 'Se connecter',
      intro: 'Connectez-vous pour retrouver vos participations et être prévenu des réponses de la collectivité.',
      submit: 'Se connecter',
      forgot: 'Mot de passe oublié ?',
      noAccount: 'Pas encore de compte ?',
      toSignUp: 'Créer un compte',
    },
    signUp: {
      title: 'Créer un compte',
      intro:
        'Un compte vous permet de retrouver vos participations et d’être prévenu quand la collectivité vous répond. Vous pouvez aussi participer sans compte quand la consultation le permet.',
      submit: 'Créer mon compte',
      haveAccount: 'Déjà un compte ?',
      toSignIn: 'Se connecter',
      // The same words whether or not the address already had an account: the page must not tell which.
      done: (email: string) =>
        `Si l’adresse ${email} peut être utilisée, un e-mail de confirmation vient d’y être envoyé. Ouvrez le lien qu’il contient, puis connectez-vous avec votre mot de passe.`,
    },
    verified: 'Votre adresse e-mail est confirmée. Merci !',
    verifyFailed: 'Ce lien de confirmation a expiré ou a déjà été utilisé.',
    emailChangeCancelled:
      'La demande de changement d’adresse e-mail est annulée : votre compte garde son adresse. Si vous n’en étiez pas l’auteur, changez votre mot de passe.',
    emailChangeCancelFailed: 'Ce lien d’annulation a expiré ou a déjà été utilisé.',
    signedIn: 'Vous êtes connecté.',
    signOut: 'Se déconnecter',
    signedOut: 'Vous êtes déconnecté. Vos informations ont été effacées de cet appareil.',
    expired: 'Votre session a expiré. Reconnectez-vous pour continuer.',
    deleted: 'Votre compte est supprimé : vos données personnelles sont effacées, vos contributions restent, anonymes.',
    restoreFailed: 'Impossible de vérifier votre connexion pour le moment.',
    invalid: {
      email: 'Saisissez une adresse e-mail valide, par exemple : camille@exemple.fr',
      passwordMissing: 'Saisissez votre mot de passe.',
      passwordShort: (missing: number) =>
        missing < 2
          ? 'Le mot de passe doit faire au moins 12 caractères : il en manque 1.'
          : `Le mot de passe doit faire au moins 12 caractères : il en manque ${missing}.`,
      passwordTooShort: 'Le mot de passe doit faire au moins 12 caractères.',
      passwordCommon: 'Ce mot de passe est trop courant. Choisissez-en un moins prévisible, par exemple une courte phrase.',
      passwordHasEmail: 'Le mot de passe ne doit pas contenir votre adresse e-mail.',
      tooLong: 'Ce texte est trop long.',
      other: 'Cette valeur n’est pas acceptée.',
    },
  },
};

export type AccountTranslation = typeof fr;
