import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';
import { overview } from '../overview/locales';
import { groups } from '../groups/locales';
import { members } from '../members/locales';
import { care } from '../care/locales';
import { roles } from '../roles/locales';
import { persona } from '../persona/locales';
import { imports } from '../imports/locales';

export type Language = 'zh-CN' | 'en';
export const LANGUAGE_KEY = 'shequn.lang';

/** Each feature owns a namespace named after its folder, with `en` and `zh` messages. */
const namespaces = { common, overview, groups, members, care, roles, persona, imports };

function resources(lang: 'en' | 'zh') {
  return Object.fromEntries(Object.entries(namespaces).map(([ns, messages]) => [ns, messages[lang]]));
}

export function storedLanguage(): Language {
  return localStorage.getItem(LANGUAGE_KEY) === 'en' ? 'en' : 'zh-CN';
}

export function changeLanguage(lang: Language) {
  localStorage.setItem(LANGUAGE_KEY, lang);
  document.documentElement.lang = lang;
  return i18n.changeLanguage(lang);
}

void i18n.use(initReactI18next).init({
  resources: { 'zh-CN': resources('zh'), en: resources('en') },
  lng: storedLanguage(),
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  interpolation: { escapeValue: false },
});
document.documentElement.lang = storedLanguage();

export default i18n;
