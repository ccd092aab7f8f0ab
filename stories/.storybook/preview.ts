import type { Preview } from '@storybook/web-components-vite';

// The widgets speak the page's language, and Storybook's frame says English: the stories show the French default.
document.documentElement.lang = 'fr';

const preview: Preview = {
  parameters: {
    layout: 'padded',
    controls: { expanded: true },
  },
};

export default preview;
