import { mount } from 'svelte';
import App from './App.svelte';
import './app.css';
import { installFreshIso2022JpDecoder } from './lib/message/fresh-iso-2022-jp-decoder.ts';

installFreshIso2022JpDecoder();

const target = document.getElementById('app');
if (target === null) throw new Error('index.html has no #app element');

export default mount(App, { target });
