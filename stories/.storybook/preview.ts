/// <reference types="vite/client" />
import { setCustomElementsManifest, type Preview } from '@storybook/web-components-vite';
import dsfr from '../../widgets/themes/dsfr.css?inline';
import { THEME_STYLE_ID } from '../theme.ts';

// Written by `npm run build:manifest` (run before `storybook` and `build-storybook`): the elements' attributes,
// properties, events, slots, parts and custom properties become the stories' controls and docs. Read through a
// glob so that a fresh clone type-checks before any build.
const [manifest] = Object.values(import.meta.glob<{ default: object }>('../../dist/custom-elements.json', { eager: true }));
if (manifest) setCustomElementsManifest(manifest.default);

// The widgets speak the page's language, and Storybook's frame says English: the stories show the French default.
document.documentElement.lang = 'fr';

/** The themes a host page can link (`widgets/themes/*.css`): none is the widgets' own neutral look. */
const THEMES: Record<string, string> = { neutral: '', dsfr };

const preview: Preview = {
  tags: ['autodocs'],
  globalTypes: {
    theme: {
      description: 'Thème de la page hôte — the host page’s theme stylesheet',
      toolbar: { title: 'Thème', icon: 'paintbrush', items: ['neutral', 'dsfr'], dynamicTitle: true },
    },
  },
  initialGlobals: { theme: 'neutral' },
  // As a host page links it: one stylesheet in the document, outside the widgets.
  decorators: [
    (story, context) => {
      let style = document.getElementById(THEME_STYLE_ID);
      if (!style) {
        style = document.createElement('style');
        style.id = THEME_STYLE_ID;
        document.head.append(style);
      }
      style.textContent = THEMES[context.globals.theme as string] ?? '';
      return story();
    },
  ],
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
