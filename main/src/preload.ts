import { contextBridge, ipcRenderer } from 'electron';
import { DESKTOP_API_GLOBAL } from './contract';
import { buildPreloadApi } from './preload-api';

contextBridge.exposeInMainWorld(
  DESKTOP_API_GLOBAL,
  buildPreloadApi((channel, ...args) => ipcRenderer.invoke(channel, ...args)),
);
