/** "Mot de passe oublié" and the reset form, in French (the reference); a chunk loaded on demand. */
export const fr = {
  forgot: {
    title: 'Mot de passe oublié',
    intro: 'Indiquez l’adresse e-mail de votre compte : vous recevrez un lien, valable 30 minutes, pour choisir un nouveau mot de passe.',
    submit: 'Recevoir le lien',
    done: (email: string) => `Si un compte existe pour ${email}, un courriel vient de lui être envoyé. Pensez à regarder dans les indésirables.`,
  },
  reset: {
    title: 'Choisir un nouveau mot de passe',
    submit: 'Enregistrer le mot de passe',
    done: 'Votre mot de passe est changé. Connectez-vous avec le nouveau.',
    newLink: 'Recevoir un nouveau lien',
  },
};

export type RecoveryTranslation = typeof fr;
