import type { EngineAction } from './action.js';
import { debugAction } from './debug.js';
import { failAction } from './fail.js';
import { assertAction } from './assert.js';
import { setFactAction } from './set-fact.js';
import { metaAction } from './meta.js';
import { pauseAction } from './pause.js';
import { includeTasksAction } from './include-tasks.js';
import { includeVarsAction } from './include-vars.js';
import { includeRoleAction } from './include-role.js';
import { validateArgumentSpecAction } from './validate-argument-spec.js';

export const ENGINE_ACTIONS: readonly EngineAction[] = [debugAction, failAction, assertAction, setFactAction, metaAction, pauseAction, includeTasksAction, includeVarsAction, includeRoleAction, validateArgumentSpecAction];
