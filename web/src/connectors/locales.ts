import i18n from '../i18n';
import { connectors } from './messages';

// The page is its own chunk: its messages load with it.
i18n.addResourceBundle('en', 'connectors', connectors.en, true, true);
i18n.addResourceBundle('zh-CN', 'connectors', connectors.zh, true, true);
